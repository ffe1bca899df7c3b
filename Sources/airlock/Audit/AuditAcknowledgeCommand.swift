import AirlockCore
import ArgumentParser

/// `airlock audit ack --workspace ID ALERT_ID`: marks an alert as seen.
struct AuditAcknowledgeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ack",
        abstract: "Acknowledge an anomaly alert (recorded in the audit log)."
    )

    @OptionGroup var options: WorkspaceOptions

    @Argument(help: ArgumentHelp("The alert's id, as `audit alerts` shows it.", valueName: "alert-id"))
    var alertID: String

    func run() async throws {
        let id = try AlertID(alertID)
        let alert = try await options.withStore { store in try await store.acknowledgeAlert(id) }
        Output.lines(["Alert \(alert.id) acknowledged (\(alert.rule.rawValue), \(Output.date(alert.time)))."])
    }
}
