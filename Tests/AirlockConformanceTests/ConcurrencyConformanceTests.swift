import AirlockCore
import AirlockTestSupport
import Foundation
import Testing

/// Concurrent calls on every backend: one store used from many tasks, and two stores of
/// the same workspace writing at once, keep numbering unique and the audit chain intact;
/// interleaved work in two workspaces stays apart.
@Suite("Conformance: concurrency", .serialized)
struct ConcurrencyConformanceTests {
    @Test(arguments: StoreBackend.allCases)
    func concurrentAppendsAreNumberedOnceEachAndTheChainHolds(_ backend: StoreBackend) async throws {
        try await backend.with { bench in
            let store = bench.acme
            let second = try await bench.reopenAcme()
            let session = try await store.createSession(title: "busy")
            let sequences = try await withThrowingTaskGroup(of: Int64.self) { group in
                for index in 0..<16 {
                    let writer = index.isMultiple(of: 2) ? store : second
                    group.addTask { try await writer.appendMessage(try message("message \(index)"), to: session.key).sequence }
                }
                return try await group.reduce(into: [Int64]()) { $0.append($1) }
            }
            #expect(sequences.sorted() == Array(1...16))
            let transcript = try await store.transcript(session.key, lastMessages: nil)
            #expect(transcript.messages.map(\.sequence) == Array(1...16))
            #expect(Set(transcript.messages.map(\.content)).count == 16)
            let memories = try await withThrowingTaskGroup(of: MemoryID.self) { group in
                for index in 0..<8 {
                    let writer = index.isMultiple(of: 2) ? store : second
                    group.addTask { try await writer.addMemory(try draft("note \(index)")).id }
                }
                return try await group.reduce(into: Set<MemoryID>()) { $0.insert($1) }
            }
            #expect(memories.count == 8)
            #expect(Set(try await second.listMemory(kind: nil).map(\.id)) == memories)
            let events = try await store.auditEvents(last: nil)
            #expect(events.map(\.sequence) == Array(1...Int64(events.count)), "one chain, no gaps or duplicates")
            #expect(try await second.verifyAudit() == .intact(events: Int64(events.count + 1)))
            await second.close()
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func interleavedWorkInTwoWorkspacesStaysApart(_ backend: StoreBackend) async throws {
        try await backend.with { bench in
            let acmeMemory = try await bench.acme.addMemory(try draft("A"))
            let globexMemory = try await bench.globex.addMemory(try draft("G"))
            // 80 reads within a minute in all, 40 in each: neither workspace is bursting.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<40 {
                    bench.clock.advance(by: 0.5)
                    group.addTask {
                        let read = try await bench.acme.memory(acmeMemory.id)
                        #expect(read.title == "A")
                    }
                    group.addTask {
                        let read = try await bench.globex.memory(globexMemory.id)
                        #expect(read.title == "G")
                    }
                }
                try await group.waitForAll()
            }
            #expect(try await bench.acme.alerts(limit: nil).count == 0)
            #expect(try await bench.globex.alerts(limit: nil).count == 0)
            #expect(try await bench.acme.listMemory(kind: nil).map(\.id) == [acmeMemory.id])
            let acmeEvents = try await bench.acme.auditEvents(last: nil)
            #expect(acmeEvents.filter { $0.action == "memory.read" }.count == 40)
            #expect(!acmeEvents.contains { $0.resource.contains(globexMemory.id.rawValue) })
        }
    }
}
