import AirlockCore
import AirlockStore
import ArgumentParser

/// `airlock user list [--json]`: accounts, sign-in methods, workspaces and lockouts, no secrets.
struct UserListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the users: sign-in methods, workspaces and whether failed sign-ins locked them."
    )

    @OptionGroup var homeOptions: HomeOptions

    @Flag(help: "Print JSON.")
    var json = false

    func run() async throws {
        let users = try await CommandContext.withManager(homeOptions) { context in
            try await UserAccounts(manager: context.manager).list()
        }
        if json { return try Output.json(users) }
        guard !users.isEmpty else {
            return Output.lines(["No users in this home. Add one with `airlock user add EMAIL`."])
        }
        Output.lines(Output.table(["EMAIL", "SIGN-IN", "LOCKED UNTIL", "WORKSPACES"], users.map { user in
            let methods = (user.password ? ["password"] : []) + (user.openIDConnect ? ["oidc"] : [])
            let workspaces = user.workspaces.map(\.rawValue).joined(separator: ", ")
            return [user.email.rawValue, methods.joined(separator: "+"), user.lockedUntil.map(Output.date) ?? "-", workspaces.isEmpty ? "-" : workspaces]
        }))
    }
}
