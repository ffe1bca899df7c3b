import AirlockCore
import AirlockStore
import AirlockTestSupport
import Foundation
import Testing

/// The file backend's audit log under attack: a log that cannot be written fails the access,
/// lines changed, added or cut behind the store's back show, and an append cut short by a
/// crash is completed. (The audit contract itself is in the conformance suite.)
@Suite("FileWorkspaceStore audit trail")
struct FileStoreAuditTests {
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
