import AirlockAgent
import AirlockCore
import Foundation
import Testing

@testable import AirlockTUI

/// Events in, state and effects out.
@Suite struct ReducerTests {
    @Test func loadingWorkspacesEntersTheFirstThroughTheAirlock() throws {
        var state = AppState(width: 100, height: 30, themeName: "dark")
        let effects = send(.workspacesLoaded([entry("acme"), entry("globex")]), to: &state)
        #expect(effects == [.openWorkspace(try WorkspaceID("acme"))])
        #expect(state.airlock == .cycling(from: nil, to: try WorkspaceID("acme")))
        #expect(state.epoch == 1)
    }

    @Test func anEmptyKeyringAsksForAFirstWorkspace() {
        var state = AppState(width: 100, height: 30, themeName: "dark")
        _ = send(.workspacesLoaded([]), to: &state)
        #expect(state.dialogs == [.prompt(.createWorkspace, title: "Name your first client workspace", text: [])])
        type("Acme Corp", into: &state)
        #expect(press(.enter, &state) == [.createWorkspace(name: "Acme Corp")])
        #expect(state.dialogs.isEmpty)
    }

    @Test func switchingDropsEverythingOfTheOldWorkspaceAtOnce() throws {
        var state = try opened("acme")
        state.workspace!.transcript.streaming = "secret reply of acme"
        state.workspace!.input = InputState(characters: Array("draft for acme"), cursor: 14)
        let oldEpoch = state.epoch

        let effects = press(KeyPress.alt(.character("2")), &state)

        #expect(effects == [.openWorkspace(try WorkspaceID("globex"))])
        #expect(state.workspace == nil, "no pane can show anything of acme any more")
        #expect(state.epoch == oldEpoch + 1)
        _ = send(.workspace(epoch: oldEpoch, .agent(.text("late token of acme"))), to: &state)
        _ = send(.workspace(epoch: oldEpoch, .sessionsLoaded([])), to: &state)
        #expect(state.workspace == nil, "results of the old runtime are dropped")
        _ = send(.workspaceOpened(epoch: oldEpoch, workspace("acme"), report()), to: &state)
        #expect(state.workspace == nil, "even a late opening of the old workspace")
        _ = send(.workspaceOpened(epoch: state.epoch, workspace("globex"), report(to: "globex")), to: &state)
        #expect(state.workspace?.id == (try WorkspaceID("globex")))
        #expect(state.workspace?.transcript.streaming == nil)
        #expect(state.workspace?.input.text == "")
    }

    @Test func enterSendsTheMessageAndRemembersIt() throws {
        var state = try opened("acme")
        let session = SessionKey(workspace: try WorkspaceID("acme"), session: try SessionID("s-one"))
        state.workspace!.session = session
        type("Draft a tagline", into: &state)
        #expect(press(.enter, &state) == [.send("Draft a tagline", session: session)])
        #expect(state.workspace!.input.text.isEmpty)
        #expect(state.workspace!.transcript.turnRunning)
        #expect(state.workspace!.history[session.session] == ["Draft a tagline"])
        type("again", into: &state)
        #expect(press(.enter, &state).isEmpty, "one turn at a time")
        #expect(state.notice?.text.contains("Ctrl+C") == true)
    }

    @Test func altEnterCtrlJAndPasteMakeMultiLineMessages() throws {
        var state = try opened("acme")
        type("one", into: &state)
        _ = press(KeyPress.alt(.enter), &state)
        type("two", into: &state)
        _ = press(KeyPress.control("j"), &state)
        _ = send(.input(.paste("three\r\nfour\u{1B}[31m")), to: &state)
        #expect(state.workspace!.input.text == "one\ntwo\nthree\nfour\u{1B}[31m", "pasted text is kept verbatim (it is sanitized when drawn)")
        #expect(press(.enter, &state) == [.send("one\ntwo\nthree\nfour\u{1B}[31m", session: nil)])
    }

    @Test func upAndDownAtTheEdgesRecallHistory() throws {
        var state = try opened("acme")
        let session = SessionKey(workspace: try WorkspaceID("acme"), session: try SessionID("s-one"))
        state.workspace!.session = session
        state.workspace!.history[session.session] = ["first", "second"]
        type("draft", into: &state)
        _ = press(.up, &state)
        #expect(state.workspace!.input.text == "second")
        _ = press(.up, &state)
        #expect(state.workspace!.input.text == "first")
        _ = press(.down, &state)
        _ = press(.down, &state)
        #expect(state.workspace!.input.text == "draft")
    }

    @Test func ctrlCStopsAReplyOrClearsTheInput() throws {
        var state = try opened("acme")
        state.workspace!.transcript.turnRunning = true
        #expect(press(KeyPress.control("c"), &state) == [.cancelTurn])
        state.workspace!.transcript.turnRunning = false
        type("oops", into: &state)
        #expect(press(KeyPress.control("c"), &state).isEmpty)
        #expect(state.workspace!.input.text.isEmpty)
    }

    @Test func streamedTextAccumulatesUntilTheAnswerIsSaved() throws {
        var state = try opened("acme")
        let epoch = state.epoch
        _ = send(.workspace(epoch: epoch, .agent(.text("Hel"))), to: &state)
        _ = send(.workspace(epoch: epoch, .agent(.text("lo"))), to: &state)
        #expect(state.workspace!.transcript.streaming == "Hello")
        let saved = ChatMessage(sequence: 2, role: .assistant, content: "Hello", toolCalls: [], toolResult: nil, tokenCount: nil, createdAt: Date())
        _ = send(.workspace(epoch: epoch, .agent(.assistantMessageSaved(saved))), to: &state)
        #expect(state.workspace!.transcript.streaming == nil)
        #expect(state.workspace!.transcript.messages == [saved])
    }

    @Test func approvalsAreAnsweredByKeyAndDeniedAtTheirDeadline() throws {
        var state = try opened("acme")
        let epoch = state.epoch
        let readOnly = approval("memory_search", offersSession: true)
        let sideEffect = approval("memory_save", offersSession: false)
        _ = send(.workspace(epoch: epoch, .approvalRequested(readOnly, deadline: state.now.addingTimeInterval(120))), to: &state)
        _ = send(.workspace(epoch: epoch, .approvalRequested(sideEffect, deadline: state.now.addingTimeInterval(60))), to: &state)
        type("x", into: &state)
        #expect(state.workspace!.input.text.isEmpty, "keys go to the approval dialog")
        #expect(press(.character("s"), &state) == [.answerApproval(readOnly.id, .allowForSession)])
        #expect(press(.character("s"), &state).isEmpty, "no session allowance for side effects")
        #expect(state.workspace!.approvals.count == 1)
        _ = send(.tick(state.now.addingTimeInterval(61)), to: &state)
        #expect(state.workspace!.approvals.isEmpty, "gone once the gate has denied it")
    }

    @Test func slashCommandsBecomeEffects() throws {
        var state = try opened("acme")
        #expect(command("/new Launch plan", &state) == [.newSession(title: "Launch plan")])
        #expect(command("/theme light", &state) == [.loadTheme("light")])
        #expect(command("/search budget", &state) == [.searchSessions("budget")])
        #expect(command("/frobnicate", &state).isEmpty)
        #expect(state.notice?.kind == .error)
        #expect(command("/context", &state) == [.inspectContext(message: "(your next message)", session: nil)])
    }

    @Test func theMemoryBrowserSearchesAsYouTypeAndConfirmsDeletes() throws {
        var state = try opened("acme")
        #expect(press(.function(3), &state) == [.listMemory(kind: nil, query: "")])
        #expect(press(.character("v"), &state) == [.listMemory(kind: nil, query: "v")])
        #expect(press(KeyPress.control("k"), &state) == [.listMemory(kind: .brandVoice, query: "v")])
        let item = MemorySummary(id: try MemoryID("m-one"), kind: .brandVoice, title: "Voice", tags: [], pinned: false, updatedAt: Date())
        #expect(send(.workspace(epoch: state.epoch, .memoryListed([item], snippets: [:])), to: &state) == [.loadMemory(item.id)])
        _ = press(KeyPress(.delete, .control), &state)
        #expect(state.dialogs.count == 1)
        #expect(press(.character("y"), &state) == [.deleteMemory(item.id)])
        #expect(press(KeyPress.control("p"), &state) == [.setPinned(item.id, true)])
    }

    @Test func scrollingUpHoldsTheViewWhileNewTextArrives() throws {
        var state = try opened("acme", height: 14)
        let epoch = state.epoch
        for sequence in 1...20 {
            let message = ChatMessage(sequence: Int64(sequence), role: .user, content: "message \(sequence)", toolCalls: [], toolResult: nil, tokenCount: nil, createdAt: Date())
            _ = send(.workspace(epoch: epoch, .agent(.userMessageSaved(message))), to: &state)
        }
        _ = press(.pageUp, &state)
        guard case .anchored(let item, let line) = state.workspace!.transcript.scroll else {
            Issue.record("Page Up must leave following mode")
            return
        }
        _ = send(.workspace(epoch: epoch, .agent(.text("new text"))), to: &state)
        #expect(state.workspace!.transcript.scroll == .anchored(item: item, line: line), "new text does not move the view")
        for _ in 0..<10 { _ = press(.pageDown, &state) }
        #expect(state.workspace!.transcript.scroll == .following, "the bottom follows again")
    }

    // MARK: - Helpers

    /// Every transcript item counts three lines, like a short message.
    private let context = ReduceContext(keyMap: .standard) { _, _, _ in 3 }

    private func send(_ event: AppEvent, to state: inout AppState) -> [Effect] {
        reduce(&state, event, context: context)
    }

    private func press(_ key: Key, _ state: inout AppState) -> [Effect] {
        press(KeyPress(key), &state)
    }

    private func press(_ key: KeyPress, _ state: inout AppState) -> [Effect] {
        send(.input(.key(key)), to: &state)
    }

    private func type(_ text: String, into state: inout AppState) {
        for character in text { _ = press(.character(character), &state) }
    }

    private func command(_ text: String, _ state: inout AppState) -> [Effect] {
        type(text, into: &state)
        return press(.enter, &state)
    }

    private func entry(_ id: String) -> WorkspaceEntry {
        WorkspaceEntry(id: try! WorkspaceID(id), name: id.capitalized)
    }

    private func workspace(_ id: String) -> WorkspaceState {
        WorkspaceState(id: try! WorkspaceID(id), name: id.capitalized,
                       model: ModelDescriptor(provider: "local", model: "smollm2-135m", contextWindow: 4096, supportsTools: false), sessions: [])
    }

    private func report(to: String = "acme") -> SwitchReport {
        SwitchReport(from: nil, to: try! WorkspaceID(to), teardown: .milliseconds(3), build: .milliseconds(9))
    }

    private func opened(_ id: String, height: Int = 30) throws -> AppState {
        var state = AppState(width: 100, height: height, themeName: "dark")
        _ = send(.workspacesLoaded([entry("acme"), entry("globex")]), to: &state)
        if id != "acme" { _ = send(.input(.key(KeyPress.alt(.character("2")))), to: &state) }
        _ = send(.workspaceOpened(epoch: state.epoch, workspace(id), report(to: id)), to: &state)
        return state
    }

    private func approval(_ tool: String, offersSession: Bool) -> ApprovalRequest {
        let definition = ToolSet.workspaceTools.definitions.first { $0.name == tool }!
        return ApprovalRequest(
            id: UUID(), session: SessionKey(workspace: try! WorkspaceID("acme"), session: try! SessionID("s-one")),
            call: ToolCallRecord(id: "c-\(tool)", name: tool, arguments: "{}"), tool: definition,
            reasons: offersSession ? [.policy] : [.sideEffects], offersSessionAllowance: offersSession
        )
    }
}
