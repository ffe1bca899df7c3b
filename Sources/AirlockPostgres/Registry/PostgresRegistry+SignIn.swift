import AirlockCore
import AirlockStore
import Foundation
import PostgresNIO

extension PostgresRegistry {
    /// Stale records are dropped first, in a statement of their own that skips rows other
    /// attempts hold, so that the transaction which counts holds no lock but its subject's:
    /// it makes the subject's row if missing and locks it either way (an upsert), so
    /// concurrent attempts of one subject are counted one after another.
    package func startSignInAttempt(_ key: [UInt8], at now: Date, policy: SignInPolicy) async throws -> SignInAttempts.Start {
        let (subject, stamp) = (Data(key), now.millisecondsSince1970)
        try await rows("""
            DELETE FROM airlock.sign_in_attempt WHERE subject IN (
                SELECT subject FROM airlock.sign_in_attempt
                WHERE updated_at < \(stamp - 86_400_000) AND coalesce(locked_until, 0) < \(stamp)
                FOR UPDATE SKIP LOCKED)
            """)
        return try await transaction { connection, logger in
            // A new subject starts as SignInAttempts(windowStart: now) does; an existing one is
            // locked unchanged.
            let row = try await connection.query("""
                INSERT INTO airlock.sign_in_attempt AS a (subject, failures, window_start, lockouts, locked_until, updated_at)
                VALUES (\(subject), 0, \(stamp), 0, NULL, \(stamp))
                ON CONFLICT (subject) DO UPDATE SET updated_at = a.updated_at
                RETURNING a.failures, a.window_start, a.lockouts, a.locked_until
                """, logger: logger
            ).collect().first
            guard let row else { throw StoreError.storage("the sign-in attempt was not recorded") }
            let (failures, windowStart, lockouts, lockedUntil) = try row.decode((Int, Int64, Int, Int64?).self)
            let current = SignInAttempts(
                failures: failures, windowStart: Date(millisecondsSince1970: windowStart), lockouts: lockouts,
                lockedUntil: lockedUntil.map(Date.init(millisecondsSince1970:)))
            let start = current.start(at: now, policy: policy)
            guard case .counted(let next, _) = start else { return start }
            try await connection.query("""
                UPDATE airlock.sign_in_attempt
                SET failures = \(next.failures), window_start = \(next.windowStart.millisecondsSince1970), lockouts = \(next.lockouts),
                    locked_until = \(next.lockedUntil?.millisecondsSince1970), updated_at = \(stamp)
                WHERE subject = \(subject)
                """, logger: logger)
            return start
        }
    }

    /// Forgets the failures and lockouts of the subject `key`.
    package func forgetSignInAttempts(_ key: [UInt8]) async throws {
        try await rows("DELETE FROM airlock.sign_in_attempt WHERE subject = \(Data(key))")
    }

    /// Until when the subject `key` is locked, if it is at `now`.
    package func lockedUntil(_ key: [UInt8], at now: Date) async throws -> Date? {
        let until = try await rows("SELECT locked_until FROM airlock.sign_in_attempt WHERE subject = \(Data(key))").first?.decode(Int64?.self)
        return until.flatMap { $0 }.map(Date.init(millisecondsSince1970:)).flatMap { $0 > now ? $0 : nil }
    }
}
