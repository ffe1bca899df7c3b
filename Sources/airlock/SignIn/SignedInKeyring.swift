import AirlockCore
import AirlockStore

/// Saves what a sign-in opened into the keyring, recording it for `airlock logout`.
enum SignedInKeyring {
    /// Saves the tokens of `signedIn`'s workspaces in the keyring of `context` and
    /// returns the lines that report them (and any outdated memberships).
    static func save(_ signedIn: SignedIn, in context: CommandContext) async throws -> [String] {
        var entries: [KeyringEntry] = []
        for access in signedIn.workspaces {
            let record = try await context.manager.record(for: access.grant)
            entries.append(KeyringEntry(home: context.home, workspace: access.workspaceID, name: record.name, token: access.token))
        }
        try save(entries, account: signedIn.email, in: context)
        var lines = ["Signed in as \(signedIn.email)."]
        if entries.isEmpty {
            lines.append("No workspace is granted to this account.")
        } else {
            lines.append("Workspaces opened (tokens saved in your keyring):")
            lines += Output.table(["ID", "NAME"], entries.map { [$0.workspace.rawValue, $0.name] }).map { "  " + $0 }
        }
        if !signedIn.outdated.isEmpty {
            lines.append("Outdated memberships (the workspace's token changed since the grant; ask an operator to grant them again): "
                + signedIn.outdated.map(\.rawValue).joined(separator: ", "))
        }
        return lines
    }

    /// Records `entries` as saved by the login of `account` (nil: a token login), then
    /// saves them in the keyring.
    static func save(_ entries: [KeyringEntry], account: AccountEmail?, in context: CommandContext) throws {
        try KeyringLogins(beside: context.keyring).record(entries, account: account)
        for entry in entries { try context.keyring.save(entry) }
    }
}
