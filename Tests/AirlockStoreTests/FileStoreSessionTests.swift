import AirlockCore
import AirlockStore
import AirlockTestSupport
import Foundation
import Testing

/// Sessions on disk in the file backend: one JSON-lines file per session, removed with it.
/// (The session contract itself is in the conformance suite.)
@Suite("FileWorkspaceStore sessions")
struct FileStoreSessionTests {
    @Test func deletingASessionRemovesItsFile() async throws {
        let test = try FileStoreHome()
        let store = try await test.create("acme")
        let doomed = try await store.createSession(title: "Doomed")
        _ = try await store.appendMessage(try MessageDraft(role: .user, content: "line one\nline \"two\""), to: doomed.key)
        let path = test.directory(of: "acme") + "/sessions/\(doomed.key.session).jsonl"
        #expect(exists(path))
        try await store.deleteSession(doomed.key)
        #expect(!exists(path))
    }
}
