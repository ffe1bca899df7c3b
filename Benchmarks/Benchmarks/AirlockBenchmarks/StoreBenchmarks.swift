import AirlockAgent
import AirlockCore
import AirlockStore
import Benchmark
import Foundation
import GRDB

/// Workspace switching, memory search and the cost of the audit write on a read.
func storeBenchmarks() {
    Benchmark("Switch: runtime teardown + rebuild (10k docs, 100k messages)", configuration: bounded(.milliseconds, seconds: 10, iterations: 200)) { _, state in
        try await state.switchOnce()
    } setup: {
        try await SwitchState(bench: try await BenchHome.open())
    }

    Benchmark("Switch: to sessions and newest 1,000-message transcript", configuration: bounded(.milliseconds, seconds: 10, iterations: 200)) { _, state in
        let runtime = try await state.switchOnce()
        let store = try await runtime.openStore()
        let sessions = try await store.sessions()
        blackHole(try await store.transcript(sessions[0].key, lastMessages: nil))
    } setup: {
        try await SwitchState(bench: try await BenchHome.open())
    }

    Benchmark("Memory search: words over 100k docs", configuration: bounded(.milliseconds, seconds: 10, iterations: 500)) { _, store in
        blackHole(try await store.searchMemory(try MemorySearchQuery("spring campaign budget", limit: 20)))
    } setup: {
        try await BenchHome.open().store(BenchHome.search)
    }

    Benchmark("Memory search: CJK 東京 over 100k docs", configuration: bounded(.milliseconds, seconds: 10, iterations: 200)) { _, store in
        blackHole(try await store.searchMemory(try MemorySearchQuery("東京", limit: 20)))
    } setup: {
        try await BenchHome.open().store(BenchHome.search)
    }

    Benchmark("Read memory(id): audited store call", configuration: bounded(.microseconds, seconds: 5, iterations: 20_000)) { _, state in
        blackHole(try await state.store.memory(state.next()))
    } setup: {
        let bench = try await BenchHome.open()
        return try ReadState(store: try await bench.store(BenchHome.switchA), path: bench.databasePath(BenchHome.switchA))
    }

    Benchmark("Read memory(id): raw GRDB, no audit", configuration: bounded(.microseconds, seconds: 5, iterations: 20_000)) { _, state in
        blackHole(try state.rawRead(state.next()))
    } setup: {
        let bench = try await BenchHome.open()
        return try ReadState(store: try await bench.store(BenchHome.switchA), path: bench.databasePath(BenchHome.switchA))
    }
}

/// A switcher alternating between the two switch workspaces.
final class SwitchState: @unchecked Sendable {
    let bench: BenchHome
    let switcher: RuntimeSwitcher
    private var toA = true

    init(bench: BenchHome) async throws {
        self.bench = bench
        let manager = bench.manager
        switcher = RuntimeSwitcher { grant in
            try await WorkspaceRuntime.open(grant, manager: manager, settings: AgentSettings(provider: IdleProvider(), contextBudget: 8_192),
                                            admission: .unlimited)
        }
        _ = try await switchOnce()
    }

    /// Authenticates as the console does, then closes the open runtime and opens the other.
    @discardableResult
    func switchOnce() async throws -> WorkspaceRuntime {
        let target = toA ? BenchHome.switchA : BenchHome.switchB
        toA.toggle()
        _ = try await switcher.switchTo(try await bench.grant(target))
        guard let runtime = await switcher.current else { throw StoreError.closed(target) }
        return runtime
    }
}

/// One workspace's store and a plain GRDB connection to the same file, reading documents in turn.
final class ReadState: @unchecked Sendable {
    let store: any WorkspaceStore
    let raw: DatabaseQueue
    private let workspace: String
    private var index = 0

    init(store: any WorkspaceStore, path: String) throws {
        self.store = store
        workspace = store.workspaceID.rawValue
        raw = try DatabaseQueue(path: path)
    }

    /// The next document's id, cycling through the first thousand.
    func next() -> MemoryID {
        index = (index + 1) % 1_000
        return try! MemoryID(String(format: "m-seed-%07d", index))
    }

    /// The same row the store reads, decoded the same way, without the audit transaction.
    func rawRead(_ id: MemoryID) throws -> MemoryDocument {
        try raw.read { db in
            let sql = "SELECT id, kind, title, body, tags, pinned, created_at, updated_at FROM memory WHERE workspace_id = ? AND id = ?"
            guard let row = try Row.fetchOne(db, sql: sql, arguments: [workspace, id.rawValue]) else { throw StoreError.memoryNotFound(id) }
            let tags: String = row["tags"]
            return MemoryDocument(id: try MemoryID(row["id"]), kind: try MemoryKind(parsing: row["kind"]), title: row["title"], body: row["body"],
                                  tags: tags.split(separator: " ").map(String.init), pinned: row["pinned"],
                                  createdAt: Date(millisecondsSince1970: row["created_at"]), updatedAt: Date(millisecondsSince1970: row["updated_at"]))
        }
    }
}
