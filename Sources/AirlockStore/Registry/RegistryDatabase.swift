import AirlockCore
import Foundation
import GRDB

/// The registry of a home (`registry.sqlite`): which workspaces exist, their display names
/// and token digests. Nothing tenant-private lives here.
actor RegistryDatabase: TokenDigestSource {
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
        return migrator
    }

    func tokenDigest(for workspace: WorkspaceID) throws -> TokenDigest? {
        try read { db in
            try Self.digest(of: workspace, in: db)
        }
    }

    /// Adds a workspace.
    ///
    /// - Throws: ``StoreError/workspaceExists(_:)`` if the id is taken.
    func insert(_ record: WorkspaceRecord, digest: TokenDigest) throws {
        try write { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM workspace WHERE id = ?", arguments: [record.id.rawValue]) != nil {
                throw StoreError.workspaceExists(record.id)
            }
            try db.execute(
                sql: "INSERT INTO workspace (id, name, token_digest, created_at) VALUES (?, ?, ?, ?)",
                arguments: [record.id.rawValue, record.name, Data(digest.bytes), record.createdAt.millisecondsSince1970]
            )
        }
    }

    /// Replaces the digest of `workspace` if it is still `expected` (compare and swap).
    ///
    /// - Returns: whether the digest was replaced.
    func replaceDigest(of workspace: WorkspaceID, expected: TokenDigest, with replacement: TokenDigest, at time: Date?) throws -> Bool {
        try write { db in
            guard let current = try Self.digest(of: workspace, in: db), current.matches(expected) else { return false }
            try db.execute(
                sql: "UPDATE workspace SET token_digest = ?, rotated_at = coalesce(?, rotated_at) WHERE id = ?",
                arguments: [Data(replacement.bytes), time?.millisecondsSince1970, workspace.rawValue]
            )
            return true
        }
    }

    /// The record of `workspace`, if it exists.
    func record(_ workspace: WorkspaceID) throws -> WorkspaceRecord? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT id, name, created_at, rotated_at FROM workspace WHERE id = ?", arguments: [workspace.rawValue])
                .map(Self.record(from:))
        }
    }

    /// Every workspace of the home, by id (the operator's view).
    func allRecords() throws -> [WorkspaceRecord] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT id, name, created_at, rotated_at FROM workspace ORDER BY id").map(Self.record(from:))
        }
    }

    /// Removes `workspace` from the registry.
    func delete(_ workspace: WorkspaceID) throws {
        try write { db in
            try db.execute(sql: "DELETE FROM workspace WHERE id = ?", arguments: [workspace.rawValue])
        }
    }

    /// Closes the database; later calls fail.
    func close() {
        try? queue?.close()
        queue = nil
    }

    private static func digest(of workspace: WorkspaceID, in db: Database) throws -> TokenDigest? {
        let data = try Data.fetchOne(db, sql: "SELECT token_digest FROM workspace WHERE id = ?", arguments: [workspace.rawValue])
        return data.flatMap { TokenDigest(stored: Array($0)) }
    }

    private static func record(from row: Row) throws -> WorkspaceRecord {
        WorkspaceRecord(
            id: try WorkspaceID(try row.decode(forColumn: "id")),
            name: try row.decode(forColumn: "name"),
            createdAt: Date(millisecondsSince1970: try row.decode(forColumn: "created_at")),
            rotatedAt: (try row.decode(Int64?.self, forColumn: "rotated_at")).map(Date.init(millisecondsSince1970:))
        )
    }

    private func read<T>(_ body: (Database) throws -> T) throws -> T {
        guard let queue else { throw RegistryError.closed }
        return try DatabaseFactory.read(queue, body)
    }

    private func write<T>(_ body: (Database) throws -> T) throws -> T {
        guard let queue else { throw RegistryError.closed }
        return try DatabaseFactory.transaction(queue, body)
    }
}

/// Why the registry refused an operation.
enum RegistryError: Error, CustomStringConvertible {
    case closed

    var description: String { "the workspace registry is closed" }
}
