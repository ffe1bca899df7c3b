import AirlockCore
import AirlockTestSupport
import Foundation
import Testing

/// The storage engines that must behave alike: every conformance test runs once per case.
enum StoreBackend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case files
    case postgres

    var testDescription: String { rawValue }

    /// Makes two workspaces, `acme` and `globex`, on this backend, opens a store for each
    /// (with a real grant, its audit seal key and a ``ManualClock``), runs `body`, then
    /// closes both stores and removes everything the backend made.
    ///
    /// For ``postgres`` a missing `AIRLOCK_TEST_POSTGRES_URL` fails the test with
    /// ``MissingPostgres``; it is never skipped.
    func with(_ body: (StoreBench) async throws -> Void) async throws {
        switch self {
        case .sqlite: try await SQLiteBench.with(body)
        case .files: try await FileBench.with(body)
        case .postgres: try await PostgresBench.with(body)
        }
    }
}

/// Two open stores of one backend and the clock they stamp times with.
struct StoreBench: Sendable {
    /// The backend under test.
    let backend: StoreBackend
    /// The store of workspace `acme`.
    let acme: any WorkspaceStore
    /// The store of workspace `globex`.
    let globex: any WorkspaceStore
    /// The clock both stores read.
    let clock: ManualClock
    /// Opens a second store of `acme` (closed by the caller), to check that data is stored
    /// rather than cached in the first.
    let reopenAcme: @Sendable () async throws -> any WorkspaceStore

    /// The id of `acme`.
    var acmeID: WorkspaceID { acme.workspaceID }
    /// The id of `globex`.
    var globexID: WorkspaceID { globex.workspaceID }

    /// Runs `body` with `acme` and `globex`, closing both afterwards whether it throws or not.
    static func run(backend: StoreBackend, acme: any WorkspaceStore, globex: any WorkspaceStore, clock: ManualClock,
                    reopenAcme: @escaping @Sendable () async throws -> any WorkspaceStore,
                    _ body: (StoreBench) async throws -> Void) async throws {
        let bench = StoreBench(backend: backend, acme: acme, globex: globex, clock: clock, reopenAcme: reopenAcme)
        do {
            try await body(bench)
        } catch {
            await acme.close()
            await globex.close()
            throw error
        }
        await acme.close()
        await globex.close()
    }
}
