import AirlockAgent
import AirlockPostgres
import AirlockStore

extension StorageSettings {
    /// The storage backend these settings choose for `home`.
    ///
    /// - Throws: if the PostgreSQL URL or its TLS settings cannot be used.
    func backend(for home: AirlockHome) async throws -> StorageBackend {
        switch kind {
        case .sqlite:
            return try .sqlite(home)
        case .files:
            return try .files(home)
        case .postgres:
            return try await PostgresBackend.connect(try PostgresLocation(url: databaseURL ?? ""))
        }
    }
}
