import AirlockCore
import Logging
import PostgresNIO

/// Runs work on one workspace's rows: a transaction whose settings name the workspace and
/// its token digest (`SET LOCAL`, via `set_config(…, true)`), so that row-level security
/// admits that workspace's rows and nothing else.
///
/// The settings end with the transaction. If the work fails or is cancelled, the
/// connection is also reset (`DISCARD ALL`) before it returns to the pool, so no tenant
/// state can outlive the transaction that set it.
public enum PostgresTenancy {
    /// Runs `body` in a transaction scoped to `workspace` with `digest`.
    public static func withTenant<T: Sendable>(
        _ pool: PostgresPool, workspace: WorkspaceID, digest: TokenDigest, logger: Logger,
        _ body: @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        try await pool.client.withConnection { connection in
            do {
                return try await connection.withTransaction(logger: logger) { connection in
                    try await connection.query(
                        "SELECT set_config('airlock.workspace', \(workspace.rawValue), true), set_config('airlock.token_digest', \(digest.hex), true)",
                        logger: logger)
                    return try await body(connection)
                }
            } catch {
                _ = try? await connection.query("DISCARD ALL", logger: logger)
                throw error
            }
        }
    }
}
