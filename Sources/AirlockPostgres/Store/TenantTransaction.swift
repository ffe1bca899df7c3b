import AirlockCore
import Logging
import PostgresNIO

/// One tenant transaction of a store: its connection (whose settings name the workspace
/// and its digest to row-level security) and the workspace every statement is scoped by.
struct TenantTransaction: Sendable {
    let connection: PostgresConnection
    let workspace: WorkspaceID
    let logger: Logger

    /// The workspace id, for binding in statements.
    var id: String { workspace.rawValue }

    /// Runs `query` and collects its rows.
    @discardableResult
    func rows(_ query: PostgresQuery) async throws -> [PostgresRow] {
        try await connection.query(query, logger: logger).collect()
    }
}
