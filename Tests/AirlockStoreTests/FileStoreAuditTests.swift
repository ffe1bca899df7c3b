import AirlockCore
import AirlockStore
import AirlockTestSupport
import Foundation
import Testing

@Suite("FileWorkspaceStore audit trail")
struct FileStoreAuditTests {
    private func expectSingle(_ events: [AuditEvent], _ action: AuditAction, _ resource: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(events.map(\.action) == [action.rawValue], sourceLocation: sourceLocation)
        #expect(events.first?.resource == resource, sourceLocation: sourceLocation)
        #expect(events.first?.actor == "test:analyst", sourceLocation: sourceLocation)
        #expect(events.first?.workspaceID.rawValue == "acme", sourceLocation: sourceLocation)
    }

    @Test func theFirstEventRecordsTheCreationAndTheChainVerifies() async throws {
        let test = try FileStoreHome()
        let store = try await test.create("acme")
        let events = try await store.auditEvents(last: nil)
        #expect(events.map(\.action) == ["workspace.create"])
        #expect(events.first?.resource == "workspace/acme")
        #expect(events.first?.time == test.clock.now())
        #expect(try await store.verifyAudit() == .intact(events: 2))
    }

    @Test func everyMemoryOperationAppendsOneEvent() async throws {
        let test = try FileStoreHome()
        let store = try await test.create("acme")
        var memory: MemoryDocument?
        expectSingle(try await auditEvents(appendedBy: { memory = try await store.addMemory(try draft("n")) }, in: store), .memoryAdd, "memory/\(memory!.id)")
        let id = try #require(memory?.id)
        expectSingle(try await auditEvents(appendedBy: { _ = try await store.memory(id) }, in: store), .memoryRead, "memory/\(id)")
        expectSingle(try await auditEvents(appendedBy: { _ = try await store.listMemory(kind: .campaign) }, in: store), .memoryList, "memory?kind=campaign")
        expectSingle(try await auditEvents(appendedBy: { _ = try await store.searchMemory(try MemorySearchQuery("n")) }, in: store), .memorySearch, "memory")
        expectSingle(try await auditEvents(appendedBy: { _ = try await store.retrieveMemory(try MemorySearchQuery("n")) }, in: store), .memoryRetrieve, "memory")
        expectSingle(try await auditEvents(appendedBy: { _ = try await store.pinnedMemory() }, in: store), .memoryRead, "memory?pinned")
        expectSingle(try await auditEvents(appendedBy: { _ = try await store.updateMemory(id, with: try MemoryPatch(pinned: true)) }, in: store),
                     .memoryUpdate, "memory/\(id)")
        expectSingle(try await auditEvents(appendedBy: { try await store.removeMemory(id) }, in: store), .memoryRemove, "memory/\(id)")
        #expect(try await auditEvents(appendedBy: { _ = try await store.memoryVersion() }, in: store).isEmpty)
    }

    @Test func failedOperationsLeaveNoEvent() async throws {
        let test = try FileStoreHome()
        let store = try await test.create("acme")
        let missing = try MemoryID("m-missing")
        let events = try await auditEvents(appendedBy: {
            _ = try? await store.memory(missing)
            _ = try? await store.removeMemory(missing)
            _ = try? await store.session(SessionKey(workspace: try WorkspaceID("globex"), session: try SessionID("s-x")))
        }, in: store)
        #expect(events.isEmpty)
    }

    @Test func eventsNeverContainContentsOrQueries() async throws {
        let test = try FileStoreHome()
        let store = try await test.create("acme")
        let memory = try await store.addMemory(try draft("TITLE-CANARY", body: "BODY-CANARY", tags: ["tagcanary"]))
        _ = try await store.searchMemory(try MemorySearchQuery("QUERYCANARY"))
        let session = try await store.createSession(title: "SESSION-CANARY")
        _ = try await store.appendMessage(try MessageDraft(role: .user, content: "MESSAGE-CANARY"), to: session.key)
        _ = try await store.searchMessages(try MessageSearchQuery("MSGQUERYCANARY"))
        _ = try await store.updateMemory(memory.id, with: try MemoryPatch(body: "NEW-BODY-CANARY"))
        let log = try text(at: test.directory(of: "acme") + "/audit.jsonl")
        for canary in ["TITLE-CANARY", "BODY-CANARY", "tagcanary", "QUERYCANARY", "SESSION-CANARY", "MESSAGE-CANARY"] {
            #expect(!log.contains(canary), "\(canary) leaked into the audit log")
        }
    }

    @Test func anEventThatCannotBeWrittenFailsTheAccessAndChangesNothing() async throws {
        let test = try FileStoreHome()
        let store = try await test.create("acme")
        let log = test.directory(of: "acme") + "/audit.jsonl"
        try FileManager.default.removeItem(atPath: log)
        try FileManager.default.createDirectory(atPath: log, withIntermediateDirectories: false)
        let before = DirectorySnapshot(of: test.directory(of: "acme") + "/memory")
        await #expect(throws: StoreError.self) { try await store.addMemory(try draft("never")) }
        #expect(DirectorySnapshot(of: test.directory(of: "acme") + "/memory") == before)
        #expect(try await store.memoryVersion() == 0)
    }

    @Test func aModifiedEventIsReported() async throws {
        let test = try FileStoreHome()
        let store = try await test.create("acme")
        _ = try await store.addMemory(try draft("n"))
        let log = test.directory(of: "acme") + "/audit.jsonl"
        try overwrite(log, with: try text(at: log).replacingOccurrences(of: "\"memory.add\"", with: "\"memory.read\""))
        #expect(try await store.verifyAudit() == .broken(.modified(sequence: 2)))
    }

    @Test func aForgedEventAfterTheHeadStopsTheLogAndIsReported() async throws {
        let test = try FileStoreHome()
        let store = try await test.create("acme")
        let log = test.directory(of: "acme") + "/audit.jsonl"
        let lines = try text(at: log).split(separator: "\n")
        try overwrite(log, with: lines.joined(separator: "\n") + "\n" + lines[0] + "\n")
        await #expect(throws: StoreError.auditLogTampered(try WorkspaceID("acme"))) { try await store.addMemory(try draft("n")) }
        #expect(try await store.listMemoryOrTampered())
        #expect(try await store.verifyAudit() == .broken(.outOfOrder(sequence: 1)))
    }

    @Test(arguments: [1, 40, 0])
    func anAppendCutShortByACrashIsCompletedUnderTheNextLock(_ keptBytes: Int) async throws {
        let test = try FileStoreHome()
        let store = try await test.create("acme")
        _ = try await store.addMemory(try draft("n"))
        let log = test.directory(of: "acme") + "/audit.jsonl"
        let lines = try text(at: log).split(separator: "\n")
        // The identity already holds the last line; the log got only its first bytes.
        try overwrite(log, with: lines.dropLast().joined(separator: "\n") + "\n" + lines.last!.prefix(keptBytes))
        #expect(try await store.verifyAudit() == .intact(events: 2))
        #expect(try text(at: log).split(separator: "\n").prefix(2).last == lines.last)
        _ = try await store.addMemory(try draft("m"))
        #expect(try await store.verifyAudit() == .intact(events: 4))
    }

    @Test func eventsCutFromTheEndAreReportedAsTruncation() async throws {
        let test = try FileStoreHome()
        let store = try await test.create("acme")
        _ = try await store.addMemory(try draft("n"))
        _ = try await store.addMemory(try draft("m"))
        let log = test.directory(of: "acme") + "/audit.jsonl"
        let lines = try text(at: log).split(separator: "\n")
        try overwrite(log, with: lines.dropLast(2).joined(separator: "\n") + "\n")
        #expect(try await store.verifyAudit() == .broken(.truncated(lastSequence: 1, sealedSequence: 3)))
        await #expect(throws: StoreError.auditLogTampered(try WorkspaceID("acme"))) { try await store.addMemory(try draft("x")) }
    }

    @Test func everyMethodThrowsClosedAfterClose() async throws {
        let test = try FileStoreHome()
        let store = try await test.create("acme")
        let added = try await store.addMemory(try draft("n"))
        await store.close()
        let closed = StoreError.closed(try WorkspaceID("acme"))
        await #expect(throws: closed) { try await store.memory(added.id) }
        await #expect(throws: closed) { try await store.addMemory(try draft("m")) }
        await #expect(throws: closed) { try await store.memoryVersion() }
        await #expect(throws: closed) { try await store.sessions() }
        await #expect(throws: closed) { try await store.integrations() }
        await #expect(throws: closed) { try await store.auditEvents(last: nil) }
        await #expect(throws: closed) { try await store.verifyAudit() }
        await #expect(throws: closed) { try await store.alerts(limit: nil) }
    }
}

private extension FileWorkspaceStore {
    /// Whether reading is refused too once the log holds unsealed events.
    func listMemoryOrTampered() throws -> Bool {
        do {
            _ = try listMemory(kind: nil)
            return false
        } catch StoreError.auditLogTampered {
            return true
        }
    }
}
