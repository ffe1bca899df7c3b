import AirlockAgent
import AirlockCore

extension Reducer {
    /// Routes a key: help and dialogs first, then keys that work everywhere, then a
    /// pending approval, then the view that is showing.
    static func key(_ key: KeyPress, _ state: inout AppState, _ context: ReduceContext) -> [Effect] {
        state.notice = nil
        if state.showingHelp {
            state.showingHelp = false
            return []
        }
        if let dialog = state.dialogs.last {
            return dialogKey(key, dialog, &state)
        }
        let action = context.keyMap.action(for: key)
        switch action {
        case .quit?:
            state.quitting = true
            return [.quit]
        case .help?:
            state.showingHelp = true
            return []
        case .previousWorkspace?, .nextWorkspace?:
            return stepWorkspace(by: action == .nextWorkspace ? 1 : -1, &state)
        default:
            break
        }
        if key.modifiers == .alt, case .character(let digit) = key.key, let number = digit.wholeNumberValue, (1...9).contains(number) {
            return number <= state.workspaces.count ? enter(state.workspaces[number - 1].id, &state) : []
        }
        guard state.workspace != nil else { return [] }
        if !state.workspace!.approvals.isEmpty {
            return approvalKey(key, action, &state)
        }
        if state.workspace!.inspectedContext != nil {
            if key.key == .escape || action == .inspectContext { state.workspace!.inspectedContext = nil }
            return []
        }
        switch action {
        case .chatView?:
            state.view = .chat
            return []
        case .memoryView?:
            state.view = .memory
            return memorySearch(&state)
        case .auditView?:
            state.view = .audit
            return [.loadAudit, .loadAlerts]
        case .integrationsView?:
            state.view = .integrations
            return [.loadIntegrations]
        case .inspectContext?:
            let draft = state.workspace!.input.text.trimmingCharacters(in: .whitespacesAndNewlines)
            return [.inspectContext(message: draft.isEmpty ? "(your next message)" : draft, session: state.workspace!.session)]
        default:
            break
        }
        switch state.view {
        case .chat: return chatKey(key, action, &state, context)
        case .memory: return memoryKey(key, action, &state)
        case .integrations: return integrationsKey(key, action, &state)
        case .audit: return auditKey(key, action, &state)
        }
    }

    private static func stepWorkspace(by step: Int, _ state: inout AppState) -> [Effect] {
        guard !state.workspaces.isEmpty else { return [] }
        let current = state.currentWorkspaceIndex ?? 0
        let next = ((current + step) % state.workspaces.count + state.workspaces.count) % state.workspaces.count
        return enter(state.workspaces[next].id, &state)
    }

    private static func approvalKey(_ key: KeyPress, _ action: Action?, _ state: inout AppState) -> [Effect] {
        let pending = state.workspace!.approvals[0]
        let decision: ApprovalDecision?
        switch action {
        case .allowOnce?: decision = .allowOnce
        case .allowForSession? where pending.request.offersSessionAllowance: decision = .allowForSession
        case .deny?: decision = .deny
        case .cancel?: return [.cancelTurn]
        default: decision = key.key == .escape ? .deny : nil
        }
        if let decision {
            state.workspace!.approvals.removeFirst()
            return [.answerApproval(pending.request.id, decision)]
        }
        switch key.key {
        case .up: state.workspace!.approvals[0].scroll = max(0, pending.scroll - 1)
        case .down: state.workspace!.approvals[0].scroll = pending.scroll + 1
        default: break
        }
        return []
    }
}
