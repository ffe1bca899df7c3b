import AirlockCore
import Foundation
import GRDB

/// The embedded registry of a home (`registry.sqlite`): which workspaces exist, their
/// display names, token digests and wrapped data keys, and the accounts. Nothing
/// tenant-private lives here in the clear: a wrapped data key opens only with the
/// workspace's token.
actor RegistryDatabase: WorkspaceRegistry {
    private var queue: DatabaseQueue?

    private init(queue: DatabaseQueue) {
        self.queue = queue
    }

    /// Opens (and migrates) the registry at `path`.
    static func open(path: String) throws -> RegistryDatabase {
        if try SecureFile.kind(of: path) == .symlink { throw FileSystemError.symlinkRefused(path: path) }
        do {
            let queue = try DatabaseFactory.queue(path: path)
            try migrator.migrate(queue)
            return RegistryDatabase(queue: queue)
        } catch let error as DatabaseError {
            throw StoreError.storage(error.message ?? error.description)
        }
    }

    private static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-workspaces") { db in
            try db.execute(sql: """
                CREATE TABLE workspace (
                    id TEXT PRIMARY KEY NOT NULL,
                    name TEXT NOT NULL,
                    token_digest BLOB NOT NULL CHECK (length(token_digest) = 32),
                    created_at INTEGER NOT NULL,
                    rotated_at INTEGER
                ) STRICT
                """)
        }
        migrator.registerMigration("v2-wrapped-data-key") { db in
            // NULL: made before data keys (one is added when its vault first opens);
            // empty: destroyed by deletion (crypto-shredding); else the wrapped key.
            try db.execute(sql: """
                ALTER TABLE workspace ADD COLUMN wrapped_data_key BLOB
                    CHECK (wrapped_data_key IS NULL OR length(wrapped_data_key) IN (0, \(DataKeyWrap.wrappedByteCount)))
                """)
        }
        migrator.registerMigration("v3-users-memberships", migrate: AccountSchema.create)
        return migrator
    }

    func holds(_ digest: TokenDigest, for workspace: WorkspaceID) throws -> Bool {
        let stored = try read { db in try Self.keys(of: workspace, in: db)?.digest }
        return TokenDigest.isCurrent(digest, stored: stored)
    }

    func dataKey(of workspace: WorkspaceID, presenting digest: TokenDigest) throws -> StoredDataKey? {
        let keys = try read { db in try Self.keys(of: workspace, in: db) }
        return TokenDigest.isCurrent(digest, stored: keys?.digest) ? keys?.dataKey : nil
    }

    func insert(_ record: WorkspaceRecord, keys: WorkspaceKeys) throws {
        try write { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM workspace WHERE id = ?", arguments: [record.id.rawValue]) != nil {
                throw StoreError.workspaceExists(record.id)
            }
            try db.execute(
                sql: "INSERT INTO workspace (id, name, token_digest, wrapped_data_key, created_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [record.id.rawValue, record.name, Data(keys.digest.bytes), keys.dataKey.column, record.createdAt.millisecondsSince1970]
            )
        }
    }

    func replaceKeys(of workspace: WorkspaceID, presenting digest: TokenDigest, expected: StoredDataKey,
                     with replacement: WorkspaceKeys, at time: Date?) throws -> Bool {
        try write { db in
            guard let current = try Self.keys(of: workspace, in: db), current.digest.matches(digest), current.dataKey == expected else { return false }
            try db.execute(
                sql: "UPDATE workspace SET token_digest = ?, wrapped_data_key = ?, rotated_at = coalesce(?, rotated_at) WHERE id = ?",
                arguments: [Data(replacement.digest.bytes), replacement.dataKey.column, time?.millisecondsSince1970, workspace.rawValue]
            )
            return true
        }
    }

    /// Moves every committed page into the database file afterwards and empties the
    /// write-ahead log, so that no copy of the old wrapped key is left in either file (the
    /// connection overwrites deleted content with zeros).
    func destroyDataKey(of workspace: WorkspaceID, presenting digest: TokenDigest) throws -> Bool {
        let destroyed = try write { db in
            guard let current = try Self.keys(of: workspace, in: db), current.digest.matches(digest) else { return false }
            try db.execute(
                sql: "UPDATE workspace SET wrapped_data_key = ? WHERE id = ?",
                arguments: [StoredDataKey.destroyed.column, workspace.rawValue]
            )
            return true
        }
        guard destroyed, let queue else { return destroyed }
        try DatabaseFactory.checkpoint(queue)
        return true
    }

    func record(_ workspace: WorkspaceID) throws -> WorkspaceRecord? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT id, name, created_at, rotated_at FROM workspace WHERE id = ?", arguments: [workspace.rawValue])
                .map(Self.record(from:))
        }
    }

    func allRecords() throws -> [WorkspaceRecord] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT id, name, created_at, rotated_at FROM workspace ORDER BY id").map(Self.record(from:))
        }
    }

    func delete(_ workspace: WorkspaceID, presenting digest: TokenDigest) throws -> Bool {
        try write { db in
            guard let current = try Self.keys(of: workspace, in: db), current.digest.matches(digest) else { return false }
            try db.execute(sql: "DELETE FROM workspace WHERE id = ?", arguments: [workspace.rawValue])
            return true
        }
    }

    func close() {
        try? queue?.close()
        queue = nil
    }

    private static func keys(of workspace: WorkspaceID, in db: Database) throws -> WorkspaceKeys? {
        guard let row = try Row.fetchOne(db, sql: "SELECT token_digest, wrapped_data_key FROM workspace WHERE id = ?", arguments: [workspace.rawValue]),
              let digest = TokenDigest(stored: Array(try row.decode(Data.self, forColumn: "token_digest")))
        else { return nil }
        return WorkspaceKeys(digest: digest, dataKey: StoredDataKey(column: try row.decode(Data?.self, forColumn: "wrapped_data_key")))
    }

    private static func record(from row: Row) throws -> WorkspaceRecord {
        WorkspaceRecord(
            id: try WorkspaceID(try row.decode(forColumn: "id")),
            name: try row.decode(forColumn: "name"),
            createdAt: Date(millisecondsSince1970: try row.decode(forColumn: "created_at")),
            rotatedAt: (try row.decode(Int64?.self, forColumn: "rotated_at")).map(Date.init(millisecondsSince1970:))
        )
    }

    func read<T>(_ body: (Database) throws -> T) throws -> T {
        guard let queue else { throw RegistryError.closed }
        return try DatabaseFactory.read(queue, body)
    }

    func write<T>(_ body: (Database) throws -> T) throws -> T {
        guard let queue else { throw RegistryError.closed }
        return try DatabaseFactory.transaction(queue, body)
    }
}

/// Why the registry refused an operation.
enum RegistryError: Error, CustomStringConvertible {
    case closed

    var description: String { "the workspace registry is closed" }
}
