import AirlockCore
import AirlockStore
import Foundation
import Logging
import PostgresNIO

/// The registry on PostgreSQL: `airlock.workspace` and the account tables, reached as the
/// application role, which can read no token digest and no wrapped data key.
///
/// Every operation on a workspace's secrets runs in a tenant transaction that names the
/// workspace and the presented digest (``PostgresTenancy``) and calls a key function
/// (`airlock.tenant_data_key()` and the like), which acts only if the database finds the
/// digest current — so an unknown workspace and a wrong digest take the same path, and a
/// client sending raw SQL without a digest reaches no key.
package actor PostgresRegistry: WorkspaceRegistry {
    /// The pool, until ``close()``.
    private(set) var pool: PostgresPool?
    /// Whether ``close()`` also closes the pool (the registry started it).
    private let closesPool: Bool
    /// Logs the transactions' statements (PostgresNIO's own logging).
    let logger = Logger(label: "airlock.postgres.registry")

    /// A registry over `pool`; ``close()`` closes the pool too if `closesPool`.
    package init(pool: PostgresPool, closesPool: Bool) {
        self.pool = pool
        self.closesPool = closesPool
    }

    /// Whether `digest` is the current digest of `workspace`, as the database decides it.
    package func holds(_ digest: TokenDigest, for workspace: WorkspaceID) async throws -> Bool {
        try await tenant(workspace, digest) { connection, logger in
            try await connection.query("SELECT airlock.current_tenant() IS NOT NULL", logger: logger).collect().first?.decode(Bool.self) ?? false
        }
    }

    /// The stored data key of `workspace` if `digest` is its current digest; nil otherwise.
    package func dataKey(of workspace: WorkspaceID, presenting digest: TokenDigest) async throws -> StoredDataKey? {
        try await tenant(workspace, digest) { connection, logger in
            let rows = try await connection.query("SELECT wrapped_data_key FROM airlock.tenant_data_key()", logger: logger).collect()
            return try rows.first.map { StoredDataKey(column: try $0.decode(Data?.self)) }
        }
    }

    /// Adds a workspace with its keys; ``StoreError/workspaceExists(_:)`` if the id is taken.
    package func insert(_ record: WorkspaceRecord, keys: WorkspaceKeys) async throws {
        let inserted = try await rows("""
            INSERT INTO airlock.workspace (id, name, token_digest, wrapped_data_key, created_at)
            VALUES (\(record.id.rawValue), \(record.name), \(Data(keys.digest.bytes)), \(keys.dataKey.column), \(record.createdAt.millisecondsSince1970))
            ON CONFLICT (id) DO NOTHING RETURNING id
            """)
        if inserted.isEmpty { throw StoreError.workspaceExists(record.id) }
    }

    /// Replaces digest and data key together if `digest` is current and the key is still `expected`.
    package func replaceKeys(of workspace: WorkspaceID, presenting digest: TokenDigest, expected: StoredDataKey,
                             with replacement: WorkspaceKeys, at time: Date?) async throws -> Bool {
        let (expectedKey, newDigest, newKey) = (expected.column, Data(replacement.digest.bytes), replacement.dataKey.column)
        let rotation = time?.millisecondsSince1970
        return try await tenant(workspace, digest) { connection, logger in
            try await connection.query(
                "SELECT airlock.replace_tenant_keys(\(expectedKey), \(newDigest), \(newKey), \(rotation))", logger: logger
            ).collect().first?.decode(Bool.self) ?? false
        }
    }

    /// Destroys the data key of `workspace` (crypto-shredding) if `digest` is its current digest.
    ///
    /// PostgreSQL keeps the replaced row version until it vacuums the table, and its
    /// write-ahead log and base backups keep it as long as they are retained: unlike
    /// SQLite's registry, no copy is zeroed at once, so the server's operator must not keep
    /// those longer than the registry's backups.
    package func destroyDataKey(of workspace: WorkspaceID, presenting digest: TokenDigest) async throws -> Bool {
        try await tenant(workspace, digest) { connection, logger in
            try await connection.query("SELECT airlock.destroy_tenant_data_key()", logger: logger).collect().first?.decode(Bool.self) ?? false
        }
    }

    /// Removes `workspace` with its tenant rows and memberships if `digest` is its current digest.
    @discardableResult
    package func delete(_ workspace: WorkspaceID, presenting digest: TokenDigest) async throws -> Bool {
        try await tenant(workspace, digest) { connection, logger in
            try await connection.query("SELECT airlock.delete_tenant_workspace()", logger: logger).collect().first?.decode(Bool.self) ?? false
        }
    }

    /// The public part of the record of `workspace`, if it exists.
    package func record(_ workspace: WorkspaceID) async throws -> WorkspaceRecord? {
        try await rows("SELECT id, name, created_at, rotated_at FROM airlock.workspace WHERE id = \(workspace.rawValue)").first.map(Self.record(from:))
    }

    /// Every workspace's public record, by id (in byte order, `COLLATE "C"`, as SQLite sorts;
    /// so are the account queries' orders).
    package func allRecords() async throws -> [WorkspaceRecord] {
        try await rows("SELECT id, name, created_at, rotated_at FROM airlock.workspace ORDER BY id COLLATE \"C\"").map(Self.record(from:))
    }

    /// Stops using the pool, closing it if this registry owns it; later calls fail.
    package func close() async {
        guard let pool else { return }
        self.pool = nil
        if closesPool { await pool.close() }
    }

    private static func record(from row: PostgresRow) throws -> WorkspaceRecord {
        let (id, name, created, rotated) = try row.decode((String, String, Int64, Int64?).self)
        return WorkspaceRecord(
            id: try WorkspaceID(id), name: name, createdAt: Date(millisecondsSince1970: created),
            rotatedAt: rotated.map(Date.init(millisecondsSince1970:)))
    }
}
