import AirlockCore
import ArgumentParser

/// `airlock audit alerts --workspace ID [--limit N] [--json]`: the anomaly detector's alerts.
struct AuditAlertsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alerts",
        abstract: "Show the workspace's anomaly alerts, newest first.",
        discussion: "Unread audit events are checked first, so a burst that just happened is listed."
    )

    @OptionGroup var options: WorkspaceOptions

    @Option(help: ArgumentHelp("Only the newest N alerts.", valueName: "n"))
    var limit: Int?

    @Flag(help: "Print JSON (with each alert's numbers).")
    var json = false

    func run() async throws {
        let alerts = try await options.withStore { store in try await store.alerts(limit: limit) }
        if json { return try Output.json(alerts) }
        guard !alerts.isEmpty else {
            return Output.lines(["No alerts in workspace \(options.workspace)."])
        }
        Output.lines(Output.table(["ID", "TIME", "SEVERITY", "RULE", "ACKNOWLEDGED", "SUMMARY"], alerts.map { alert in
            [alert.id.rawValue, Output.date(alert.time), alert.severity.rawValue, alert.rule.rawValue,
             alert.acknowledged ? "yes" : "no", TerminalText.sanitized(alert.summary, singleLine: true)]
        }))
    }
}
