import AirlockCore
import Testing

@Suite("MessageDraft, session titles and workspace names")
struct SessionValidationTests {
    @Test func userMessageKeepsItsContent() throws {
        let draft = try MessageDraft(role: .user, content: "hello\nworld", tokenCount: 3)
        #expect(draft.content == "hello\nworld")
        #expect(draft.role == .user)
        #expect(draft.tokenCount == 3)
    }

    @Test func messageWithNULIsRefused() {
        #expect(inputError { _ = try MessageDraft(role: .user, content: "a\u{0}") } == InputError(field: "message", reason: "it contains a NUL character"))
    }

    @Test func oversizedMessageIsRefused() {
        let content = String(repeating: "x", count: MessageDraft.contentByteLimit + 1)
        #expect(inputError { _ = try MessageDraft(role: .user, content: content) }?.field == "message")
    }

    @Test func onlyAssistantMessagesCarryToolCalls() throws {
        let call = ToolCallRecord(id: "c1", name: "search", arguments: "{}")
        #expect(try MessageDraft(role: .assistant, content: "", toolCalls: [call]).toolCalls == [call])
        #expect(inputError { _ = try MessageDraft(role: .user, content: "x", toolCalls: [call]) }?.field == "message")
    }

    @Test func toolMessagesCarryExactlyOneResult() throws {
        let result = ToolResultRecord(callID: "c1", content: "ok", isError: false)
        #expect(try MessageDraft(role: .tool, content: "ok", toolResult: result).toolResult == result)
        #expect(inputError { _ = try MessageDraft(role: .tool, content: "ok") }?.field == "message")
        #expect(inputError { _ = try MessageDraft(role: .assistant, content: "ok", toolResult: result) }?.field == "message")
    }

    @Test func negativeTokenCountIsRefused() {
        #expect(inputError { _ = try MessageDraft(role: .user, content: "x", tokenCount: -1) } == InputError(field: "token count", reason: "-1 is negative"))
    }

    @Test func sessionTitlesAreTrimmedOneLineLabels() throws {
        #expect(try ChatSession.validatedTitle("  Q3 planning ") == "Q3 planning")
        #expect(inputError { _ = try ChatSession.validatedTitle("") }?.field == "session title")
        #expect(inputError { _ = try ChatSession.validatedTitle("a\nb") }?.field == "session title")
        #expect(inputError { _ = try ChatSession.validatedTitle(String(repeating: "s", count: 201)) }?.field == "session title")
        #expect(try ChatSession.validatedTitle(String(repeating: "s", count: 200)).count == 200)
    }

    @Test func workspaceNamesAreTrimmedOneLineLabels() throws {
        #expect(try WorkspaceRecord.validatedName(" Acme Corp. ") == "Acme Corp.")
        #expect(try WorkspaceRecord.validatedName("東京広告") == "東京広告")
        #expect(inputError { _ = try WorkspaceRecord.validatedName(" ") }?.field == "workspace name")
        #expect(inputError { _ = try WorkspaceRecord.validatedName("Acme\u{1B}]0;x\u{07}") }?.field == "workspace name")
        #expect(inputError { _ = try WorkspaceRecord.validatedName(String(repeating: "n", count: 101)) }?.field == "workspace name")
    }

    @Test func inputErrorDescriptionNamesFieldAndReason() {
        #expect(InputError(field: "title", reason: "it is empty").description == "invalid title: it is empty")
    }
}
