import AirlockCore

extension Reducer {
    /// Keys of the audit view: ↑↓ choose an alert, the acknowledge key marks it seen.
    static func auditKey(_ key: KeyPress, _ action: Action?, _ state: inout AppState) -> [Effect] {
        let alerts = state.workspace!.alerts
        let selection = state.workspace!.alertSelection
        if action == .acknowledgeAlert {
            guard alerts.indices.contains(selection) else {
                state.notice = Notice("No alert to acknowledge.")
                return []
            }
            let alert = alerts[selection]
            guard !alert.acknowledged else {
                state.notice = Notice("That alert is already acknowledged.")
                return []
            }
            return [.acknowledgeAlert(alert.id)]
        }
        switch key.key {
        case .up: state.workspace!.alertSelection = max(0, selection - 1)
        case .down: state.workspace!.alertSelection = min(max(0, alerts.count - 1), selection + 1)
        case .escape: state.view = .chat
        case .character("?"): state.showingHelp = true
        default: break
        }
        return []
    }
}
