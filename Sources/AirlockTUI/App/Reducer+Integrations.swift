import AirlockCore

extension Reducer {
    /// Keys of the integrations view.
    static func integrationsKey(_ key: KeyPress, _ action: Action?, _ state: inout AppState) -> [Effect] {
        let rows = state.workspace!.integrations
        let selected = rows.indices.contains(state.workspace!.integrationSelection) ? rows[state.workspace!.integrationSelection] : nil
        switch action {
        case .newMemory?:
            state.dialogs.append(.prompt(.addIntegration, title: "Add: ID --kind KIND [--base-url URL] [--param k=v]…", text: []))
            return []
        case .deleteSession?:
            guard let selected else { return [] }
            state.dialogs.append(.confirm(.disconnectIntegration(selected.integration.id), message: "Forget the credentials of \u{201C}\(selected.integration.name)\u{201D}?"))
            return []
        case .deleteMemory?:
            guard let selected else { return [] }
            state.dialogs.append(.confirm(.removeIntegration(selected.integration.id), message: "Remove the integration \u{201C}\(selected.integration.name)\u{201D} and its credentials?"))
            return []
        default:
            break
        }
        switch key.key {
        case .up: state.workspace!.integrationSelection = max(0, state.workspace!.integrationSelection - 1)
        case .down: state.workspace!.integrationSelection = min(max(0, rows.count - 1), state.workspace!.integrationSelection + 1)
        case .enter:
            guard let selected else { return [] }
            let integration = selected.integration
            if integration.settings.auth == .oauth2, integration.settings.oauth?.deviceAuthorizationURL != nil {
                return [.connectIntegration(integration.id, secret: nil)]
            }
            let what = integration.settings.auth == .apiKeyHeader ? "API key" : "access token"
            state.dialogs.append(.prompt(.connectIntegration(integration.id), title: "Paste the \(what) of \(integration.name)", text: []))
        case .escape: state.view = .chat
        case .character("?"): state.showingHelp = true
        default: break
        }
        return []
    }
}
