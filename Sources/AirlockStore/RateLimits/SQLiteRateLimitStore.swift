import AirlockCore
import Foundation
import GRDB
import Synchronization

/// Sliding-window logs in SQLite files under `<home>/limits`, shared by every process on
/// the home: a CLI command and a running console count against the same limits.
///
/// Each check-and-count is one immediate transaction, so concurrent processes cannot
/// both take the last place in a window. A log is a row of up to `limit` admission times;
/// rows whose newest admission has left its window are dropped on the way.
public final class SQLiteRateLimitStore: RateLimitStore {
    private let home: AirlockHome
    private let queues = Mutex<[String: DatabaseQueue]>([:])

    /// Keeps the logs of `home`.
    public init(home: AirlockHome) {
        self.home = home
    }

    public func admit(_ requests: [RateLimitRequest], at now: Int64) throws -> RateLimitRefusal? {
        guard let first = requests.first else { return nil }
        let queue = try queue(for: first)
        return try DatabaseFactory.transaction(queue) { db in
            var logs = try requests.map { try Self.log(of: $0, in: db) }
            let refusal = RateLimitRefusal.admitting(requests, logs: &logs, at: now)
            guard refusal == nil else { return refusal }
            for (request, log) in zip(requests, logs) {
                try db.execute(
                    sql: "INSERT OR REPLACE INTO rate_log (key, admissions, expires_at) VALUES (?, ?, ?)",
                    arguments: [request.key, Self.encode(log.admissions), log.expiry(under: request.rule)])
            }
            try db.execute(sql: "DELETE FROM rate_log WHERE expires_at <= ?", arguments: [now])
            return nil
        }
    }

    public func wait(_ request: RateLimitRequest, at now: Int64) throws -> Int64 {
        try DatabaseFactory.read(try queue(for: request)) { db in
            try Self.log(of: request, in: db).wait(at: now, under: request.rule)
        }
    }

    /// Closes every open file.
    public func close() {
        let open = queues.withLock { queues in
            defer { queues.removeAll() }
            return Array(queues.values)
        }
        for queue in open { try? queue.close() }
    }

    /// The open queue of the file holding `request`'s log, opening (and creating) it.
    /// Requests admitted together must share a file.
    private func queue(for request: RateLimitRequest) throws -> DatabaseQueue {
        let path = try home.limitsFile(for: request)
        return try queues.withLock { queues in
            if let queue = queues[path] { return queue }
            let queue = try DatabaseFactory.queue(path: path)
            try queue.write { db in
                try db.execute(sql: """
                    CREATE TABLE IF NOT EXISTS rate_log (
                        key TEXT PRIMARY KEY NOT NULL,
                        admissions BLOB NOT NULL,
                        expires_at INTEGER NOT NULL
                    ) STRICT
                    """)
            }
            queues[path] = queue
            return queue
        }
    }

    private static func log(of request: RateLimitRequest, in db: Database) throws -> SlidingWindowLog {
        guard let data = try Data.fetchOne(db, sql: "SELECT admissions FROM rate_log WHERE key = ?", arguments: [request.key]) else {
            return SlidingWindowLog()
        }
        return SlidingWindowLog(admissions: decode(data))
    }

    /// Admission times as little-endian 64-bit integers.
    private static func encode(_ times: [Int64]) -> Data {
        var data = Data(capacity: times.count * 8)
        for time in times { withUnsafeBytes(of: time.littleEndian) { data.append(contentsOf: $0) } }
        return data
    }

    private static func decode(_ data: Data) -> [Int64] {
        let bytes = [UInt8](data)
        return stride(from: 0, to: bytes.count - bytes.count % 8, by: 8).map { offset in
            var value: UInt64 = 0
            for index in 0..<8 { value |= UInt64(bytes[offset + index]) << (8 * index) }
            return Int64(bitPattern: value)
        }
    }
}
