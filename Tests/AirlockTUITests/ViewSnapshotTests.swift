import AirlockAgent
import AirlockCore
import Foundation
import Testing

@testable import AirlockTUI

/// Every view rendered to text at 80×24 and 120×40, with CJK, emoji and combining marks.
@Suite struct ViewSnapshotTests {
    static let sizes = [(80, 24), (120, 40)]
    let start = Date(timeIntervalSince1970: 1_767_225_600)

    private func renderer() -> Renderer {
        Renderer(theme: .builtIn, keyMap: .standard, timeZone: TimeZone(identifier: "UTC")!)
    }

    private func message(_ sequence: Int64, _ role: MessageRole, _ content: String, calls: [ToolCallRecord] = [], result: ToolResultRecord? = nil) -> ChatMessage {
        ChatMessage(sequence: sequence, role: role, content: content, toolCalls: calls, toolResult: result, tokenCount: nil, createdAt: start.addingTimeInterval(Double(sequence) * 60))
    }

    private func chatState(width: Int, height: Int) throws -> AppState {
        var state = AppState(width: width, height: height, themeName: "built-in", now: start)
        let acme = try WorkspaceID("acme-corp")
        state.workspaces = [WorkspaceEntry(id: acme, name: "Acme Corp"), WorkspaceEntry(id: try WorkspaceID("globex"), name: "Globex 東京")]
        state.workspacesLoaded = true
        state.epoch = 1
        let session = ChatSession(key: SessionKey(workspace: acme, session: try SessionID("s-kickoff")), title: "Spring launch ☕", createdAt: start, updatedAt: start, messageCount: 4)
        var workspace = WorkspaceState(id: acme, name: "Acme Corp", model: ModelDescriptor(provider: "local", model: "smollm2-135m", contextWindow: 4096, supportsTools: false), sessions: [session])
        workspace.session = session.key
        workspace.contextTokens = (812, 3072)
        workspace.transcript.messages = [
            message(1, .user, "Plan the 東京 campaign — café e\u{301}vents, 🎉 launch party."),
            message(2, .assistant, "## Plan\n\n- **Week 1**: teaser\n- *Week 2*: launch\n\n```\nbudget: 40k\n```", calls: [ToolCallRecord(id: "c1", name: "memory_search", arguments: "{\"query\":\"東京\"}")]),
            message(3, .tool, "", result: ToolResultRecord(callID: "c1", content: "[{\"id\":\"m-1\",\"title\":\"Tokyo notes\"}]", isError: false)),
        ]
        workspace.transcript.streaming = "Drafting the teaser copy"
        workspace.transcript.turnRunning = true
        workspace.input = InputState(characters: Array("Make it shorter"), cursor: 15)
        state.workspace = workspace
        state.airlock = .passed(SwitchReport(from: nil, to: acme, teardown: .milliseconds(4), build: .milliseconds(31)))
        return state
    }

    @Test(arguments: sizes)
    func chat(width: Int, height: Int) throws {
        let frame = renderer().render(try chatState(width: width, height: height))
        expectSnapshot(frame.buffer.text, named: "chat-\(width)x\(height)")
        #expect(frame.cursor != nil, "the input box shows the cursor")
    }

    @Test(arguments: sizes)
    func approvalDialog(width: Int, height: Int) throws {
        var state = try chatState(width: width, height: height)
        let tool = ToolSet.workspaceTools.definitions.first { $0.name == "memory_save" }!
        let request = ApprovalRequest(id: UUID(), session: state.workspace!.session!, call: ToolCallRecord(id: "c2", name: "memory_save", arguments: "{\"kind\":\"note\",\"title\":\"Tokyo\",\"body\":\"Launch at 東京 tower 🎉\"}"),
                                      tool: tool, reasons: [.sideEffects, .untrustedArguments], offersSessionAllowance: false)
        state.workspace!.approvals = [PendingApproval(request: request, deadline: start.addingTimeInterval(95))]
        expectSnapshot(renderer().render(state).buffer.text, named: "approval-\(width)x\(height)")
    }

    @Test(arguments: sizes)
    func memoryBrowser(width: Int, height: Int) throws {
        var state = try chatState(width: width, height: height)
        state.view = .memory
        let voice = MemoryDocument(id: try MemoryID("m-voice"), kind: .brandVoice, title: "Brand voice", body: "Warm, **direct**.\n\n- no jargon\n- café-friendly", tags: ["voice"], pinned: true, createdAt: start, updatedAt: start)
        let tokyo = MemorySummary(id: try MemoryID("m-tokyo"), kind: .campaign, title: "東京 launch", tags: [], pinned: false, updatedAt: start)
        state.workspace!.memory = MemoryBrowserState(kind: nil, query: "voi", items: [voice.summary, tokyo], snippets: [:], selection: 0, preview: voice)
        expectSnapshot(renderer().render(state).buffer.text, named: "memory-\(width)x\(height)")
    }

    @Test(arguments: sizes)
    func help(width: Int, height: Int) throws {
        var state = try chatState(width: width, height: height)
        state.showingHelp = true
        expectSnapshot(renderer().render(state).buffer.text, named: "help-\(width)x\(height)")
    }

    @Test func airlockCyclingShowsNothingOfEitherWorkspace() throws {
        var state = try chatState(width: 80, height: 24)
        _ = reduce(&state, .input(.key(KeyPress.alt(.character("2")))), context: renderer().reduceContext)
        let text = renderer().render(state).buffer.text
        expectSnapshot(text, named: "airlock-80x24")
        for secret in ["Spring launch", "Make it shorter", "teaser", "Plan the"] {
            #expect(!text.contains(secret), "\(secret) of the old workspace is gone from the screen")
        }
    }

    @Test func firstRunAsksForAWorkspace() {
        var state = AppState(width: 80, height: 24, themeName: "built-in", now: start)
        _ = reduce(&state, .workspacesLoaded([]), context: renderer().reduceContext)
        _ = reduce(&state, .input(.paste("Acme")), context: renderer().reduceContext)
        expectSnapshot(renderer().render(state).buffer.text, named: "first-run-80x24")
    }

    @Test func escapeSequencesInMessagesAndMemoryNeverReachTheFrame() throws {
        var state = try chatState(width: 100, height: 30)
        let hostile = "title \u{1B}]0;PWNED\u{07} clear \u{1B}[2J red \u{1B}[31m c1 \u{9B}31m bidi \u{202E}evil"
        state.workspace!.transcript.messages.append(message(4, .assistant, hostile))
        state.workspace!.transcript.streaming = hostile
        let frame = renderer().render(state)
        let scalars = frame.buffer.cells.flatMap { $0.grapheme.unicodeScalars }
        #expect(!scalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) || $0.value == 0x202E })
        #expect(frame.buffer.text.contains("␛]0;PWNED␇"), "shown as visible placeholders")
    }
}
