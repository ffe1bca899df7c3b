import AirlockCore
import ArgumentParser

/// `airlock audit …`: a workspace's hash-chained audit log.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Show and verify a workspace's audit log; list and acknowledge its anomaly alerts.",
        subcommands: [AuditShowCommand.self, AuditVerifyCommand.self, AuditAlertsCommand.self, AuditAcknowledgeCommand.self]
    )
}

/// `airlock audit show --workspace ID [--last N] [--json]`.
struct AuditShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show audit events, oldest first."
    )

    @OptionGroup var options: WorkspaceOptions

    @Option(help: ArgumentHelp("Only the last N events.", valueName: "n"))
    var last: Int?

    @Flag(help: "Print JSON (with each event's hashes).")
    var json = false

    func run() async throws {
        let events = try await options.withStore { store in try await store.auditEvents(last: last) }
        if json { return try Output.json(events) }
        Output.lines(Output.table(["SEQ", "TIME", "ACTOR", "ACTION", "RESOURCE"], events.map { event in
            [String(event.sequence), Output.date(event.time), event.actor, event.action, event.resource]
        }))
    }
}

/// `airlock audit verify --workspace ID`: exits non-zero naming the first broken event.
struct AuditVerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Walk the audit hash chain and check its sealed head; fails naming the first broken event."
    )

    @OptionGroup var options: WorkspaceOptions

    func run() async throws {
        let verification = try await options.withStore { store in try await store.verifyAudit() }
        switch verification {
        case .intact(let events):
            Output.lines(["Audit log of \(options.workspace) verified: \(events) events, chain intact."])
        case .broken(let failure):
            throw CLIError.auditBroken(failure)
        }
    }
}
