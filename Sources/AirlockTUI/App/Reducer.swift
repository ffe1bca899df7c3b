import AirlockAgent
import AirlockCore
import Foundation

/// What the reducer needs besides the state: the key map and how many screen lines a
/// transcript item takes at a width (the renderer's cached layout).
public struct ReduceContext {
    /// Which key does what.
    public let keyMap: KeyMap
    /// Lines of transcript item `index` of `workspace` at `width` columns.
    public let measure: (_ workspace: WorkspaceState, _ index: Int, _ width: Int) -> Int

    /// Creates a context.
    public init(keyMap: KeyMap, measure: @escaping (WorkspaceState, Int, Int) -> Int) {
        self.keyMap = keyMap
        self.measure = measure
    }
}

/// Applies `event` to `state` and returns the work to do. Pure: no I/O happens here.
public func reduce(_ state: inout AppState, _ event: AppEvent, context: ReduceContext) -> [Effect] {
    switch event {
    case .input(.resize(let width, let height)):
        state.width = width
        state.height = height
        return []
    case .input(.paste(let text)):
        return Reducer.paste(text, &state)
    case .input(.key(let key)):
        return Reducer.key(key, &state, context)
    case .tick(let now):
        state.now = now
        state.workspace?.approvals.removeAll { $0.deadline <= now }
        if let limit = state.rateLimit, limit.retryAt <= now { state.rateLimit = nil }
        return []
    case .workspacesLoaded(let entries):
        state.workspaces = entries
        state.workspacesLoaded = true
        if entries.isEmpty {
            state.dialogs = [.prompt(.createWorkspace, title: "Name your first client workspace", text: [])]
            return []
        }
        return state.workspace == nil && state.airlock == .idle ? Reducer.enter(entries[0].id, &state) : []
    case .workspaceCreated(let entry, let token):
        if !state.workspaces.contains(entry) { state.workspaces.append(entry) }
        state.dialogs.append(.message(
            title: "Workspace \(entry.name) created",
            body: "Its token, shown once and saved in your keyring:\n\n\(token)\n\nPress any key."
        ))
        return Reducer.enter(entry.id, &state)
    case .workspaceOpened(let epoch, let workspace, let report):
        guard epoch == state.epoch, state.airlock.target == workspace.id else { return [] }
        state.workspace = workspace
        state.airlock = .passed(report)
        state.notice = nil
        state.view = .chat
        state.focus = .input
        state.sidebarSelection = state.currentWorkspaceIndex ?? 0
        if let newest = workspace.sessions.first {
            state.workspace?.session = newest.key
            return [.loadTranscript(newest.key), .loadAlerts]
        }
        return [.loadAlerts]
    case .workspaceFailed(let id, let message):
        guard state.airlock.target == id else { return [] }
        state.airlock = .failed(id, message)
        state.notice = Notice(message, kind: .error)
        return []
    case .workspace(let epoch, let event):
        guard epoch == state.epoch, state.workspace != nil else { return [] }
        return Reducer.workspace(event, &state, context)
    case .themeChanged(let theme, let error):
        state.themeName = theme.name
        state.notice = error.map { Notice($0, kind: .error) } ?? Notice("Theme \(theme.name)")
        return []
    case .notice(let notice):
        state.notice = notice
        return []
    case .signInRequired, .signInCode, .signedIn, .signInFailed:
        return Reducer.signInEvent(event, &state)
    case .rateLimited(let message, let retryAt):
        let limit = RateLimitNotice(message: message, retryAt: retryAt)
        guard limit.secondsLeft(at: state.now) > 0 else { return [] }
        state.rateLimit = limit
        state.notice = Notice(message, kind: .error)
        return []
    }
}

/// The reducer's parts, by concern.
enum Reducer {
    /// Starts a pass through the airlock into `id`: everything of the open workspace is
    /// dropped from the state at once, before anything of the next is loaded.
    static func enter(_ id: WorkspaceID, _ state: inout AppState) -> [Effect] {
        guard state.workspace?.id != id || state.airlock.target != nil else { return [] }
        state.airlock = .cycling(from: state.workspace?.id, to: id)
        state.workspace = nil
        // Limits are per workspace: the old one's countdown says nothing about the next.
        state.rateLimit = nil
        state.dialogs.removeAll { if case .message = $0 { false } else { true } }
        state.epoch += 1
        state.view = .chat
        return [.openWorkspace(id)]
    }

    static func paste(_ text: String, _ state: inout AppState) -> [Effect] {
        if case .prompt(let purpose, let title, var characters)? = state.dialogs.last {
            characters.append(contentsOf: text.replacingOccurrences(of: "\n", with: " "))
            state.dialogs[state.dialogs.count - 1] = .prompt(purpose, title: title, text: characters)
            return []
        }
        if state.view == .memory, state.workspace != nil {
            state.workspace!.memory.query += text.replacingOccurrences(of: "\n", with: " ")
            return memorySearch(&state)
        }
        guard state.workspace != nil else { return [] }
        state.focus = .input
        InputEditor.insert(text, into: &state.workspace!.input)
        return []
    }
}
