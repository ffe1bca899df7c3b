import AirlockCore
import AirlockStore
import ArgumentParser

/// `airlock maintenance …`: the operator's upkeep of every workspace, with the home's
/// master key and no workspace token.
struct MaintenanceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "maintenance",
        abstract: "Vacuum or verify workspaces one at a time (operator; needs the master key, no token).",
        discussion: """
            Each workspace is opened on its own, checked to be the file it claims to be, and
            gets one audit event of the step in its own log. Nothing is read across workspaces
            and only a status is printed: one line per workspace. Exits non-zero if any failed.
            """,
        subcommands: [MaintenanceVacuumCommand.self, MaintenanceVerifyCommand.self]
    )
}

/// `airlock maintenance vacuum (--all | --workspace ID)`.
struct MaintenanceVacuumCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vacuum",
        abstract: "Rebuild workspace databases, returning the space of removed data."
    )

    @OptionGroup var selection: MaintenanceSelection

    func run() async throws {
        try await selection.run(.vacuum)
    }
}

/// `airlock maintenance verify (--all | --workspace ID)`.
struct MaintenanceVerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check workspace databases' integrity and audit chains."
    )

    @OptionGroup var selection: MaintenanceSelection

    func run() async throws {
        try await selection.run(.verify)
    }
}
