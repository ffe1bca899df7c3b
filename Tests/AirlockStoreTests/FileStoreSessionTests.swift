import AirlockCore
import AirlockStore
import AirlockTestSupport
import Foundation
import Testing

@Suite("FileWorkspaceStore sessions")
struct FileStoreSessionTests {
    @Test func sessionsAreCreatedListedRenamedAndDeleted() async throws {
        let test = try FileStoreHome()
        let store = try await test.create("acme")
        let first = try await store.createSession(title: "First")
        #expect(first.key.workspace == store.workspaceID && first.messageCount == 0 && first.createdAt == test.clock.now())
        test.clock.advance(by: 1)
        let second = try await store.createSession(title: "Second")
        #expect(try await store.sessions().map(\.key) == [second.key, first.key])
        test.clock.advance(by: 1)
        let renamed = try await store.renameSession(first.key, to: "Renamed")
        #expect(renamed.title == "Renamed" && renamed.updatedAt == test.clock.now())
        #expect(try await store.sessions().map(\.key) == [first.key, second.key])
        #expect(try await store.session(first.key) == renamed)
        try await store.deleteSession(first.key)
        #expect(!exists(test.directory(of: "acme") + "/sessions/\(first.key.session).jsonl"))
        await #expect(throws: StoreError.sessionNotFound(first.key.session)) { try await store.session(first.key) }
        await #expect(throws: InputError.self) { try await store.createSession(title: "") }
        #expect(try await store.sessions().count == 1)
    }

    @Test func messagesAreNumberedInOrderWithToolRecordsAndTheTranscriptCanBeCut() async throws {
        let test = try FileStoreHome()
        let store = try await test.create("acme")
        let session = try await store.createSession(title: "Chat")
        _ = try await store.appendMessage(try MessageDraft(role: .user, content: "line one\nline \"two\""), to: session.key)
        let call = ToolCallRecord(id: "c1", name: "http_get", arguments: "{\"url\":\"https://x\"}")
        _ = try await store.appendMessage(try MessageDraft(role: .assistant, content: "", toolCalls: [call], tokenCount: 12), to: session.key)
        test.clock.advance(by: 1)
        let last = try await store.appendMessage(try MessageDraft(role: .tool, content: "ok", toolResult: ToolResultRecord(callID: "c1", content: "ok", isError: false)), to: session.key)
        #expect(last.sequence == 3)
        let transcript = try await store.transcript(session.key, lastMessages: nil)
        #expect(transcript.messages.map(\.sequence) == [1, 2, 3])
        #expect(transcript.messages[0].content == "line one\nline \"two\"")
        #expect(transcript.messages[1].toolCalls == [call] && transcript.messages[1].tokenCount == 12)
        #expect(transcript.messages[2] == last)
        #expect(transcript.session.messageCount == 3 && transcript.session.updatedAt == test.clock.now())
        #expect(try await store.transcript(session.key, lastMessages: 2).messages.map(\.sequence) == [2, 3])
        await store.close()
        #expect(try await test.open("acme").transcript(session.key, lastMessages: nil) == transcript)
    }

    @Test func aKeyNamingAnotherWorkspaceIsNotFoundEvenForAnExistingSessionID() async throws {
        let test = try FileStoreHome()
        let acme = try await test.create("acme")
        let globex = try await test.create("globex")
        let theirs = try await globex.createSession(title: "Globex chat")
        let mine = try await acme.createSession(title: "Acme chat")
        let forged = SessionKey(workspace: globex.workspaceID, session: mine.key.session)
        let foreignID = SessionKey(workspace: acme.workspaceID, session: theirs.key.session)
        let draft = try MessageDraft(role: .user, content: "x")
        for key in [forged, foreignID, theirs.key] {
            await #expect(throws: StoreError.sessionNotFound(key.session)) { try await acme.session(key) }
            await #expect(throws: StoreError.sessionNotFound(key.session)) { try await acme.transcript(key, lastMessages: nil) }
            await #expect(throws: StoreError.sessionNotFound(key.session)) { try await acme.appendMessage(draft, to: key) }
            await #expect(throws: StoreError.sessionNotFound(key.session)) { try await acme.renameSession(key, to: "y") }
            await #expect(throws: StoreError.sessionNotFound(key.session)) { try await acme.deleteSession(key) }
        }
        #expect(try await globex.transcript(theirs.key, lastMessages: nil).messages.isEmpty)
    }

    @Test func messageSearchFindsMessagesAcrossSessionsWithTheirSession() async throws {
        let test = try FileStoreHome()
        let store = try await test.create("acme")
        let launch = try await store.createSession(title: "Launch")
        let budget = try await store.createSession(title: "Budget")
        _ = try await store.appendMessage(try MessageDraft(role: .user, content: "the quarterly budget"), to: launch.key)
        _ = try await store.appendMessage(try MessageDraft(role: .assistant, content: "Budget approved for 東京"), to: budget.key)
        _ = try await store.appendMessage(try MessageDraft(role: .user, content: "unrelated"), to: budget.key)
        let hits = try await store.searchMessages(try MessageSearchQuery("budg"))
        #expect(Set(hits.map(\.session)) == [launch.key.session, budget.key.session])
        #expect(try await store.searchMessages(try MessageSearchQuery("東京")).map(\.sessionTitle) == ["Budget"])
        let approved = try #require(try await store.searchMessages(try MessageSearchQuery("approved budget")).first)
        #expect(approved.sequence == 1 && approved.role == .assistant && approved.snippet.contains("approved"))
    }
}
