import AirlockAgent
import AirlockCore

extension Reducer {
    /// Results about the open workspace (already checked to be of its runtime).
    static func workspace(_ event: WorkspaceEvent, _ state: inout AppState, _ context: ReduceContext) -> [Effect] {
        switch event {
        case .sessionsLoaded(let sessions):
            state.workspace!.sessions = sessions
            if let current = state.workspace!.session, !sessions.contains(where: { $0.key == current }) {
                state.workspace!.session = nil
                state.workspace!.transcript = TranscriptState()
            }
        case .transcriptLoaded(let transcript):
            guard transcript.session.key == state.workspace!.session else { return [] }
            let running = state.workspace!.transcript.turnRunning
            state.workspace!.transcript.messages = transcript.messages
            state.workspace!.transcript.streaming = nil
            state.workspace!.transcript.turnRunning = running
            state.workspace!.transcript.revision += 1
        case .sessionStarted(let session):
            state.workspace!.sessions.removeAll { $0.key == session.key }
            state.workspace!.sessions.insert(session, at: 0)
            if state.workspace!.session != session.key {
                state.workspace!.session = session.key
                state.workspace!.transcript.messages = []
                state.workspace!.transcript.revision += 1
            }
        case .agent(let event):
            return agent(event, &state)
        case .turnEnded(let error):
            state.workspace!.transcript.turnRunning = false
            state.workspace!.transcript.streaming = nil
            state.workspace!.approvals.removeAll()
            if let error { state.notice = Notice(error, kind: .error) }
            return [.loadSessions] + (state.workspace!.session.map { [.loadTranscript($0)] } ?? []) + [.loadAlerts]
        case .approvalRequested(let request, let deadline):
            state.workspace!.approvals.append(PendingApproval(request: request, deadline: deadline))
        case .memoryListed(let items, let snippets):
            state.workspace!.memory.items = items
            state.workspace!.memory.snippets = snippets
            state.workspace!.memory.selection = min(state.workspace!.memory.selection, max(0, items.count - 1))
            if let first = items.indices.contains(state.workspace!.memory.selection) ? items[state.workspace!.memory.selection] : nil {
                return [.loadMemory(first.id)]
            }
            state.workspace!.memory.preview = nil
        case .memoryLoaded(let document):
            let memory = state.workspace!.memory
            if memory.items.indices.contains(memory.selection), memory.items[memory.selection].id == document.id {
                state.workspace!.memory.preview = document
            }
        case .contextInspected(let context):
            state.workspace!.inspectedContext = context
        case .auditLoaded(let events):
            state.workspace!.audit = events
        case .alertsLoaded(let alerts):
            state.workspace!.alerts = alerts
            state.workspace!.alertSelection = min(state.workspace!.alertSelection, max(0, alerts.count - 1))
        case .sessionExported(let path):
            state.notice = Notice("Exported to \(path)")
        case .sessionSearchResults(let query, let hits):
            state.workspace!.sessionSearch = (query, hits)
            state.focus = .sidebar
            state.sidebarSelection = state.workspaces.count
            if hits.isEmpty { state.notice = Notice("No message matches \u{201C}\(query)\u{201D}") }
        case .integrationsLoaded(let rows):
            state.workspace!.integrations = rows
            state.workspace!.integrationSelection = min(state.workspace!.integrationSelection, max(0, rows.count - 1))
        case .deviceCode(let id, let userCode, let url):
            state.dialogs.append(.message(title: "Connect \(id)", body: "Open \(url)\nand enter the code\n\n    \(userCode)\n\nAirlock waits for the approval and reports here when connected. Press any key to close this."))
        case .failed(let message):
            state.notice = Notice(message, kind: .error)
        }
        return []
    }

    private static func agent(_ event: AgentEvent, _ state: inout AppState) -> [Effect] {
        switch event {
        case .userMessageSaved(let message), .assistantMessageSaved(let message), .toolResultSaved(let message):
            state.workspace!.transcript.messages.append(message)
            if message.role == .assistant { state.workspace!.transcript.streaming = nil }
        case .contextBuilt(let context):
            state.workspace!.contextTokens = (context.estimatedTokens, context.budget.requestTokens)
        case .text(let delta):
            state.workspace!.transcript.streaming = (state.workspace!.transcript.streaming ?? "") + delta
        case .toolCallDecided(let call, _):
            state.workspace!.approvals.removeAll { $0.request.call.id == call.id }
        case .finished:
            state.workspace!.transcript.turnRunning = false
        }
        state.workspace!.transcript.revision += 1
        return []
    }
}
