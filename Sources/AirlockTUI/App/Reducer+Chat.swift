import AirlockAgent
import AirlockCore

extension Reducer {
    /// Keys of the chat view, by focus.
    static func chatKey(_ key: KeyPress, _ action: Action?, _ state: inout AppState, _ context: ReduceContext) -> [Effect] {
        switch action {
        case .focusNext?:
            state.focus = switch state.focus {
            case .input: .sidebar
            case .sidebar: .transcript
            case .transcript: .input
            }
            return []
        case .scrollUp?, .scrollDown?:
            let page = max(1, TranscriptGeometry(state: state).height - 1)
            scroll(by: action == .scrollUp ? -page : page, &state, context)
            return []
        case .scrollToBottom?:
            state.workspace!.transcript.scroll = .following
            return []
        case .toggleTools?:
            state.workspace!.transcript.toolsExpanded.toggle()
            state.workspace!.transcript.revision += 1
            return []
        case .newSession?:
            state.dialogs.append(.prompt(.newSession, title: "Title of the new session", text: []))
            return []
        case .renameSession?, .deleteSession?, .exportSession?:
            return sessionAction(action!, &state)
        case .searchSessions?:
            state.dialogs.append(.prompt(.searchSessions, title: "Search this workspace's sessions", text: []))
            return []
        case .cancel?:
            if state.workspace!.transcript.turnRunning { return [.cancelTurn] }
            if !state.workspace!.input.characters.isEmpty {
                InputEditor.clear(&state.workspace!.input)
            } else {
                state.notice = Notice("Nothing to stop. Ctrl+Q quits.")
            }
            return []
        default:
            break
        }
        switch state.focus {
        case .input: return inputKey(key, action, &state, context)
        case .sidebar: return sidebarKey(key, &state)
        case .transcript:
            switch key.key {
            case .up: scroll(by: -1, &state, context)
            case .down: scroll(by: 1, &state, context)
            case .escape:
                state.focus = .input
                state.workspace!.transcript.scroll = .following
            case .character("?"): state.showingHelp = true
            default: break
            }
            return []
        }
    }

    private static func inputKey(_ key: KeyPress, _ action: Action?, _ state: inout AppState, _ context: ReduceContext) -> [Effect] {
        if action == .send { return submit(&state) }
        if action == .newline {
            InputEditor.insert("\n", into: &state.workspace!.input)
            return []
        }
        let history = state.workspace!.session.flatMap { state.workspace!.history[$0.session] } ?? []
        switch (key.key, key.modifiers) {
        case (.character(let character), []), (.character(let character), .shift):
            InputEditor.insert(String(character), into: &state.workspace!.input)
        case (.character("u"), .control):
            InputEditor.deleteToLineStart(&state.workspace!.input)
        case (.backspace, _): InputEditor.backspace(&state.workspace!.input)
        case (.delete, []): InputEditor.deleteForward(&state.workspace!.input)
        case (.left, []): InputEditor.move(&state.workspace!.input, by: -1)
        case (.right, []): InputEditor.move(&state.workspace!.input, by: 1)
        case (.left, .alt), (.left, .control): InputEditor.moveByWord(&state.workspace!.input, forward: false)
        case (.right, .alt), (.right, .control): InputEditor.moveByWord(&state.workspace!.input, forward: true)
        case (.home, []): InputEditor.moveToLineEdge(&state.workspace!.input, end: false)
        case (.end, []): InputEditor.moveToLineEdge(&state.workspace!.input, end: true)
        case (.up, []):
            if !InputEditor.moveVertically(&state.workspace!.input, down: false) {
                InputEditor.recall(history, &state.workspace!.input, older: true)
            }
        case (.down, []):
            if !InputEditor.moveVertically(&state.workspace!.input, down: true) {
                InputEditor.recall(history, &state.workspace!.input, older: false)
            }
        case (.escape, _):
            if state.workspace!.sessionSearch != nil {
                state.workspace!.sessionSearch = nil
            } else {
                state.workspace!.transcript.scroll = .following
            }
        default:
            break
        }
        return []
    }

    /// Enter in the input box: a `/` command, or the message to send.
    private static func submit(_ state: inout AppState) -> [Effect] {
        let text = state.workspace!.input.text
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return [] }
        if trimmed.hasPrefix("/") {
            InputEditor.clear(&state.workspace!.input)
            return command(trimmed, &state)
        }
        guard !state.workspace!.transcript.turnRunning else {
            state.notice = Notice("The agent is still answering; Ctrl+C stops it.")
            return []
        }
        InputEditor.clear(&state.workspace!.input)
        if let session = state.workspace!.session {
            state.workspace!.history[session.session, default: []].append(text)
        }
        state.workspace!.transcript.turnRunning = true
        state.workspace!.transcript.scroll = .following
        return [.send(text, session: state.workspace!.session)]
    }

    private static func sidebarKey(_ key: KeyPress, _ state: inout AppState) -> [Effect] {
        let entries = SidebarEntries(state: state)
        switch key.key {
        case .up: state.sidebarSelection = max(0, state.sidebarSelection - 1)
        case .down: state.sidebarSelection = min(entries.count - 1, state.sidebarSelection + 1)
        case .enter:
            switch entries.entry(at: state.sidebarSelection) {
            case .workspace(let index)?:
                return enter(state.workspaces[index].id, &state)
            case .session(let session)?:
                state.focus = .input
                return openSession(session, &state)
            case nil:
                break
            }
        case .escape: state.focus = .input
        case .character("?") where key.modifiers.isEmpty: state.showingHelp = true
        case .character(let character) where key.modifiers.isEmpty || key.modifiers == .shift:
            state.focus = .input
            InputEditor.insert(String(character), into: &state.workspace!.input)
        default: break
        }
        return []
    }

    /// Shows `session` in the chat pane.
    static func openSession(_ session: SessionKey, _ state: inout AppState) -> [Effect] {
        state.workspace!.session = session
        state.workspace!.transcript = TranscriptState()
        state.workspace!.input = InputState()
        return [.loadTranscript(session)]
    }

    static func sessionAction(_ action: Action, _ state: inout AppState) -> [Effect] {
        guard let key = state.workspace!.session, let session = state.workspace!.sessions.first(where: { $0.key == key }) else {
            state.notice = Notice("No session is open.")
            return []
        }
        switch action {
        case .renameSession:
            state.dialogs.append(.prompt(.renameSession, title: "New title", text: Array(session.title)))
        case .deleteSession:
            state.dialogs.append(.confirm(.deleteSession(key), message: "Delete the session \u{201C}\(session.title)\u{201D} and all its messages?"))
        default:
            state.dialogs.append(.prompt(.exportSession, title: "Export to file", text: Array(ExportName.suggested(for: session))))
        }
        return []
    }

    /// Moves the transcript view by `lines` (negative: up); reaching the bottom follows again.
    static func scroll(by lines: Int, _ state: inout AppState, _ context: ReduceContext) {
        guard let workspace = state.workspace else { return }
        let geometry = TranscriptGeometry(state: state)
        var scroller = TranscriptScroller(workspace: workspace, width: geometry.width, height: geometry.height) {
            context.measure(workspace, $0, geometry.width)
        }
        state.workspace!.transcript.scroll = scroller.moved(from: workspace.transcript.scroll, by: lines)
    }
}

/// File names offered for exports.
enum ExportName {
    /// `Kickoff with Acme.md` from the title, without characters unsafe in file names.
    static func suggested(for session: ChatSession) -> String {
        let cleaned = session.title.map { "/\\:*?\"<>|".contains($0) || $0.isNewline ? "-" : $0 }
        return String(cleaned).trimmingCharacters(in: .whitespaces).prefix(60) + ".md"
    }
}
