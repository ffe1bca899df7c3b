import AirlockTestSupport
import Foundation
import Testing

@Suite("airlock user")
struct UserCommandTests {
    private let password = "correct horse battery"

    @Test func addGrantListRevokeRemoveRoundTrip() async throws {
        let home = try CLIHome()
        let token = try await home.createWorkspace("Acme", id: "acme")
        var outputs: [AirlockProcess.Result] = []
        func run(_ arguments: [String], stdin: String = "") async throws -> AirlockProcess.Result {
            let result = try await home.run(arguments, stdin: stdin)
            outputs.append(result)
            return result
        }

        let added = try await run(["user", "add", "Alice@Example.com"], stdin: password + "\n")
        expectSuccess(added)
        #expect(added.stdout == "Added user alice@example.com (sign-in: password).\n")
        let oidc = try await run(["user", "add", "bob@example.com", "--oidc", "--no-password"])
        expectSuccess(oidc)
        #expect(oidc.stdout == "Added user bob@example.com (sign-in: OpenID Connect).\n")
        expectSuccess(try await run(["user", "add", "carol@example.com", "--oidc"], stdin: password))

        let granted = try await run(["user", "grant", "alice@example.com", "--workspace", "acme"])
        expectSuccess(granted)
        #expect(granted.stdout == "Granted workspace acme to alice@example.com.\n")

        let listed = try await run(["user", "list"])
        expectSuccess(listed)
        #expect(listed.stdout.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ") } == [
            "EMAIL SIGN-IN LOCKED UNTIL WORKSPACES",
            "alice@example.com password - acme",
            "bob@example.com oidc - -",
            "carol@example.com password+oidc - -",
        ])
        let json = try jsonArray(try await run(["user", "list", "--json"]).stdout)
        #expect(json.map(keys) == Array(repeating: ["createdAt", "email", "openIDConnect", "password", "workspaces"], count: 3))
        #expect(json.first?["email"] as? String == "alice@example.com")
        #expect(json.first?["workspaces"] as? [String] == ["acme"])
        #expect(json.map { $0["password"] as? Bool } == [true, false, true])
        #expect(json.map { $0["openIDConnect"] as? Bool } == [false, true, true])

        let revoked = try await run(["user", "revoke", "alice@example.com", "--workspace", "acme"])
        expectSuccess(revoked)
        #expect(revoked.stdout == "Revoked the membership of alice@example.com in workspace acme.\n")
        #expect(try jsonArray(try await run(["user", "list", "--json"]).stdout).first?["workspaces"] as? [String] == [])
        expectFailure(try await run(["user", "revoke", "alice@example.com", "--workspace", "acme"]),
                      "user alice@example.com is not a member of workspace acme")

        expectSuccess(try await run(["user", "grant", "alice@example.com", "--workspace", "acme"]))
        let removed = try await run(["user", "remove", "alice@example.com"])
        expectSuccess(removed)
        #expect(removed.stdout == "Removed user alice@example.com and their memberships.\n")
        #expect(try jsonArray(try await run(["user", "list", "--json"]).stdout).map { $0["email"] as? String } == ["bob@example.com", "carol@example.com"])
        expectFailure(try await run(["user", "remove", "alice@example.com"]), "no user alice@example.com; add it with `airlock user add alice@example.com`")
        expectSuccess(try await run(["user", "add", "alice@example.com"], stdin: password))
        #expect(try jsonArray(try await run(["user", "list", "--json"]).stdout).first?["workspaces"] as? [String] == [],
                "a new user of the same email inherits no membership")

        for result in outputs {
            #expect(!result.allOutput.contains(password))
            #expect(!result.allOutput.contains(token))
        }
    }

    @Test func badInputIsRefusedOnOneLineAndAddsNothing() async throws {
        let home = try CLIHome()
        try await home.createWorkspace("Acme", id: "acme")
        expectSuccess(try await home.run(["user", "add", "alice@example.com"], stdin: password))
        expectFailure(try await home.run(["user", "add", "ALICE@example.com"], stdin: password), "user alice@example.com exists already")
        expectFailure(try await home.run(["user", "add", "bob@example.com", "--no-password"]),
                      "a user needs a password, OpenID Connect sign-in (--oidc), or both")
        expectFailure(try await home.run(["user", "add", "bob@example.com"], stdin: "short\n"),
                      "a password needs at least 8 characters and at most 1024 bytes")
        expectFailure(try await home.run(["user", "add", "bob@example.com"], stdin: ""),
                      "a password needs at least 8 characters and at most 1024 bytes")
        expectFailure(try await home.run(["user", "add", "bob@example.com"], stdin: password + "\n" + password + "\n"),
                      "the password on stdin must be one line")
        expectFailure(try await home.run(["user", "add", "not-an-email"], stdin: password),
                      #"invalid email address "not-an-email": it is not of the form name@domain"#)
        let escape = try await home.run(["user", "add", "\u{1B}]0;x\u{07}@example.com"], stdin: password)
        expectOneLineFailure(escape)
        #expect(escape.stderr.hasSuffix(": it may hold only printable ASCII characters without spaces\n"))
        #expect(!containsTerminalControl(escape.allOutput))
        #expect(try jsonArray(try await home.run(["user", "list", "--json"]).stdout).map { $0["email"] as? String } == ["alice@example.com"])
    }

    @Test func grantingNeedsTheWorkspacesTokenAndAKnownUser() async throws {
        let home = try CLIHome()
        try await home.createWorkspace("Acme", id: "acme")
        let beta = try await home.createWorkspace("Beta", id: "beta")
        expectSuccess(try await home.run(["user", "add", "alice@example.com"], stdin: password))
        expectFailure(try await home.run(["user", "grant", "alice@example.com", "--workspace", "acme"], environment: ["AIRLOCK_TOKEN": beta]),
                      "unknown workspace or invalid token")
        expectFailure(try await home.run(["user", "grant", "alice@example.com", "--workspace", "acme"],
                                         environment: ["XDG_CONFIG_HOME": home.test.directory.appending("empty-config")]),
                      "no token for workspace acme: set AIRLOCK_TOKEN or run `airlock workspace join acme`")
        expectFailure(try await home.run(["user", "grant", "nobody@example.com", "--workspace", "acme"]),
                      "no user nobody@example.com; add it with `airlock user add nobody@example.com`")
        expectFailure(try await home.run(["user", "grant", "alice@example.com", "--workspace", "../acme"]),
                      #"workspace id "../acme" contains "."; only a-z, 0-9 and '-' are allowed"#)
        #expect(try jsonArray(try await home.run(["user", "list", "--json"]).stdout).first?["workspaces"] as? [String] == [])
    }

    @Test func anEmptyHomeSaysHowToAddAUser() async throws {
        let home = try CLIHome()
        try await home.createWorkspace("Acme", id: "acme")
        let listed = try await home.run(["user", "list"])
        expectSuccess(listed)
        #expect(listed.stdout == "No users in this home. Add one with `airlock user add EMAIL`.\n")
        #expect(try jsonArray(try await home.run(["user", "list", "--json"]).stdout).isEmpty)
    }
}
