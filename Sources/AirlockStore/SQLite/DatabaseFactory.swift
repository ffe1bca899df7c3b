import AirlockCore
import Glibc
import GRDB

/// Opens SQLite databases the way every Airlock store wants them.
enum DatabaseFactory {
    /// A serialized connection in WAL mode with foreign keys on and a busy timeout, so
    /// that a CLI command and a running console can share one file.
    ///
    /// The file is made private (0600) whatever the umask; SQLite gives its `-wal` and
    /// `-shm` files the same mode. Deleted and overwritten content is zeroed
    /// (`secure_delete`), so removed rows, replaced credentials and destroyed keys do not
    /// linger in free space.
    static func queue(path: String) throws -> DatabaseQueue {
        var configuration = Configuration()
        configuration.journalMode = .wal
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(10)
        configuration.label = "airlock"
        configuration.prepareDatabase { db in
            _ = chmod(path, 0o600)
            try db.execute(sql: "PRAGMA secure_delete = ON")
        }
        return try DatabaseQueue(path: path, configuration: configuration)
    }

    /// Copies every committed page from the write-ahead log into the database file and
    /// truncates the log, so earlier versions of pages survive in neither.
    static func checkpoint(_ queue: DatabaseQueue) throws {
        do {
            _ = try queue.writeWithoutTransaction { try $0.checkpoint(.truncate) }
        } catch let error as DatabaseError {
            throw StoreError.storage(error.message ?? error.description)
        }
    }

    /// Runs `body` in an immediate write transaction, mapping SQLite failures to
    /// ``StoreError/storage(_:)`` and letting Airlock's own errors through.
    static func transaction<T>(_ queue: DatabaseQueue, _ body: (Database) throws -> T) throws -> T {
        do {
            return try queue.writeWithoutTransaction { db in
                var result: T?
                try db.inTransaction(.immediate) {
                    result = try body(db)
                    return .commit
                }
                return result!
            }
        } catch let error as DatabaseError {
            throw StoreError.storage(error.message ?? error.description)
        }
    }

    /// Runs `body` in a read-only transaction, mapping SQLite failures like ``transaction(_:_:)``.
    static func read<T>(_ queue: DatabaseQueue, _ body: (Database) throws -> T) throws -> T {
        do {
            return try queue.read(body)
        } catch let error as DatabaseError {
            throw StoreError.storage(error.message ?? error.description)
        }
    }
}
