import AirlockCore

extension Reducer {
    /// The `/` commands of the input box, for the help overlay.
    static let commands: [(name: String, summary: String)] = [
        ("/new [title]", "start a new session"),
        ("/rename title", "rename this session"),
        ("/delete", "delete this session"),
        ("/export [file]", "export this session as Markdown"),
        ("/search words", "search this workspace's sessions"),
        ("/theme name", "switch the theme (dark, light, high-contrast, 16-colour)"),
        ("/context", "show what the next request would send"),
        ("/memory", "open the memory browser"),
        ("/audit", "open the audit log"),
        ("/integrations", "open the integrations"),
        ("/help", "show the keys and commands"),
        ("/quit", "quit"),
    ]

    /// Runs a `/` command typed in the input box.
    static func command(_ text: String, _ state: inout AppState) -> [Effect] {
        let parts = text.dropFirst().split(separator: " ", maxSplits: 1).map(String.init)
        let argument = parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : ""
        let session = state.workspace!.session
        switch parts.first ?? "" {
        case "new":
            return [.newSession(title: argument.isEmpty ? "New session" : argument)]
        case "rename":
            guard let session else { return noSession(&state) }
            guard !argument.isEmpty else {
                state.dialogs.append(.prompt(.renameSession, title: "New title", text: []))
                return []
            }
            return [.renameSession(session, title: argument)]
        case "delete":
            return sessionAction(.deleteSession, &state)
        case "export":
            guard let session, let current = state.workspace!.sessions.first(where: { $0.key == session }) else { return noSession(&state) }
            return [.exportSession(session, path: argument.isEmpty ? ExportName.suggested(for: current) : argument)]
        case "search":
            guard !argument.isEmpty else {
                state.dialogs.append(.prompt(.searchSessions, title: "Search this workspace's sessions", text: []))
                return []
            }
            return [.searchSessions(argument)]
        case "theme":
            guard !argument.isEmpty else {
                state.notice = Notice("Usage: /theme dark|light|high-contrast|16-colour (or a theme of your own)")
                return []
            }
            return [.loadTheme(argument)]
        case "context":
            return [.inspectContext(message: "(your next message)", session: session)]
        case "memory":
            state.view = .memory
            return memorySearch(&state)
        case "audit":
            state.view = .audit
            return [.loadAudit, .loadAlerts]
        case "integrations":
            state.view = .integrations
            return [.loadIntegrations]
        case "help":
            state.showingHelp = true
            return []
        case "quit":
            state.quitting = true
            return [.quit]
        default:
            state.notice = Notice("Unknown command \(text.prefix(30)); /help lists them", kind: .error)
            return []
        }
    }

    private static func noSession(_ state: inout AppState) -> [Effect] {
        state.notice = Notice("No session is open.", kind: .error)
        return []
    }

    /// A key while a dialog is open: dialogs are modal.
    static func dialogKey(_ key: KeyPress, _ dialog: Dialog, _ state: inout AppState) -> [Effect] {
        switch dialog {
        case .message:
            state.dialogs.removeLast()
            return []
        case .confirm(let purpose, _):
            switch key.key {
            case .character("y"), .character("Y"), .enter:
                state.dialogs.removeLast()
                switch purpose {
                case .deleteSession(let session):
                    if state.workspace?.session == session {
                        state.workspace?.session = nil
                        state.workspace?.transcript = TranscriptState()
                    }
                    return [.deleteSession(session)]
                case .deleteMemory(let id):
                    return [.deleteMemory(id)]
                case .disconnectIntegration(let id):
                    return [.disconnectIntegration(id)]
                case .removeIntegration(let id):
                    return [.removeIntegration(id)]
                }
            case .character("n"), .character("N"), .escape:
                state.dialogs.removeLast()
            default:
                break
            }
            return []
        case .prompt(let purpose, let title, var text):
            switch (key.key, key.modifiers) {
            case (.escape, _):
                state.dialogs.removeLast()
                if case .signInEmail = purpose { return Reducer.skipSignIn(&state) }
                if case .signInPassword = purpose { return Reducer.askForSignIn(&state) }
                if purpose == .createWorkspace, state.workspaces.isEmpty {
                    state.notice = Notice("Airlock needs a workspace; Ctrl+Q quits.")
                    state.dialogs = [dialog]
                }
                return []
            case (.enter, []):
                if case .signInPassword(let email) = purpose {
                    // A password is taken as typed, spaces and all.
                    guard !text.isEmpty || state.signInOffersOpenID else { return [] }
                    state.dialogs.removeLast()
                    return Reducer.signIn(email, password: String(text), &state)
                }
                let answer = String(text).trimmingCharacters(in: .whitespaces)
                guard !answer.isEmpty else { return [] }
                state.dialogs.removeLast()
                return answered(purpose, answer, &state)
            case (.backspace, _):
                if !text.isEmpty { text.removeLast() }
            case (.character(let character), []), (.character(let character), .shift):
                text.append(character)
            case (.character("u"), .control):
                text.removeAll()
            case (.character("q"), .control):
                state.quitting = true
                return [.quit]
            default:
                return []
            }
            state.dialogs[state.dialogs.count - 1] = .prompt(purpose, title: title, text: text)
            return []
        }
    }

    private static func answered(_ purpose: PromptPurpose, _ answer: String, _ state: inout AppState) -> [Effect] {
        switch purpose {
        case .createWorkspace:
            return [.createWorkspace(name: answer)]
        case .newSession:
            return state.workspace == nil ? [] : [.newSession(title: answer)]
        case .renameSession:
            return state.workspace?.session.map { [.renameSession($0, title: answer)] } ?? []
        case .exportSession:
            return state.workspace?.session.map { [.exportSession($0, path: answer)] } ?? []
        case .searchSessions:
            return state.workspace == nil ? [] : [.searchSessions(answer)]
        case .addIntegration:
            return state.workspace == nil ? [] : [.addIntegration(arguments: answer)]
        case .connectIntegration(let id):
            return state.workspace == nil ? [] : [.connectIntegration(id, secret: answer)]
        case .signInEmail:
            return Reducer.askForPassword(answer, &state)
        case .signInPassword:
            return []
        }
    }
}
