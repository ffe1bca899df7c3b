import Logging
import PostgresNIO

/// Applies the pending ``PostgresSchema`` migrations, each in its own transaction as the
/// owner role, and records them in `airlock.schema_migration`.
enum PostgresMigrator {
    /// Applies what `connection`'s database lacks; returns a line per migration applied.
    static func migrate(_ connection: PostgresConnection, asOwner owner: String, logger: Logger) async throws -> [String] {
        var steps: [String] = []
        for migration in PostgresSchema.migrations {
            let applied = try await connection.withTransaction(logger: logger) { connection in
                try await connection.query(PostgresQuery(unsafeSQL: "SET LOCAL ROLE \(DatabaseSetup.quoted(owner))"), logger: logger)
                let hasTable = try await connection.query("SELECT to_regclass('airlock.schema_migration') IS NOT NULL", logger: logger)
                    .collect().first?.decode(Bool.self) ?? false
                if hasTable {
                    let done = try await connection.query("SELECT 1 FROM airlock.schema_migration WHERE name = \(migration.name)", logger: logger).collect()
                    if !done.isEmpty { return false }
                }
                for statement in migration.statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query("INSERT INTO airlock.schema_migration (name) VALUES (\(migration.name))", logger: logger)
                return true
            }
            if applied { steps.append("applied migration \(migration.name) as \(owner)") }
        }
        return steps
    }
}
