import AirlockCore
import ArgumentParser
import Foundation

/// `airlock integration list --workspace ID [--json]`.
struct IntegrationListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List integrations: connected or not, when the access token expires, when last used."
    )

    @OptionGroup var options: WorkspaceOptions

    @Flag(help: "Print JSON.")
    var json = false

    func run() async throws {
        let statuses = try await options.withVault { store, _ in
            var statuses: [IntegrationStatus] = []
            for integration in try await store.integrations() {
                statuses.append(IntegrationStatus(integration, credentials: try await store.credentials(of: integration.id)))
            }
            return statuses
        }
        if json { return try Output.json(statuses) }
        guard !statuses.isEmpty else { return Output.lines(["No integrations. Add one with `airlock integration add`."]) }
        let now = Date()
        Output.lines(Output.table(["ID", "KIND", "CONNECTED", "EXPIRES", "LAST USED", "NAME"], statuses.map { status in
            [status.id.rawValue, status.kind.rawValue, status.connected ? "yes" : "no",
             status.expiresAt.map { Self.relative($0, now: now) } ?? "-", status.lastUsedAt.map(Output.date) ?? "never", status.name]
        }))
    }

    /// `in 52 min`, `in 3 h`, `expired`.
    static func relative(_ date: Date, now: Date) -> String {
        let seconds = Int(date.timeIntervalSince(now))
        if seconds <= 0 { return "expired" }
        if seconds < 3600 { return "in \(max(1, seconds / 60)) min" }
        if seconds < 172_800 { return "in \(seconds / 3600) h" }
        return "in \(seconds / 86400) d"
    }
}
