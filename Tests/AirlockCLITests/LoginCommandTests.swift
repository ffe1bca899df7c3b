import AirlockTestSupport
import Foundation
import Testing

/// `airlock login` and `logout`: an operator's home with users, and a user whose keyring
/// starts empty (a config folder of their own).
@Suite("airlock login and logout", .timeLimit(.minutes(5)))
struct LoginCommandTests {
    private let password = "correct horse battery"

    /// A home with workspaces `acme` and `globex` (their tokens in the operator's keyring).
    private struct Home {
        let cli: CLIHome
        let acmeToken: String
        let globexToken: String

        init() async throws {
            cli = try CLIHome()
            acmeToken = try await cli.createWorkspace("Acme", id: "acme")
            globexToken = try await cli.createWorkspace("Globex", id: "globex")
        }

        /// The user's `$XDG_CONFIG_HOME`, apart from the operator's.
        var userConfig: String { cli.test.directory.appending("user-config") }

        /// The user's keyring file.
        var userKeyring: String { userConfig + "/airlock/keyring.json" }

        /// Runs a command as the operator; it must succeed.
        func asOperator(_ arguments: [String], stdin: String = "", sourceLocation: SourceLocation = #_sourceLocation) async throws {
            expectSuccess(try await cli.run(arguments, stdin: stdin), sourceLocation: sourceLocation)
        }

        /// Runs a command as the user.
        func user(_ arguments: [String], environment: [String: String] = [:], stdin: String = "") async throws -> AirlockProcess.Result {
            try await cli.run(arguments, environment: environment.merging(["XDG_CONFIG_HOME": userConfig]) { $1 }, stdin: stdin)
        }

        /// The workspace ids in the user's keyring, with their tokens.
        func userTokens() throws -> [String: String] {
            guard let data = FileManager.default.contents(atPath: userKeyring) else { return [:] }
            let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            var tokens: [String: String] = [:]
            for entry in try #require(object["workspaces"] as? [[String: Any]]) {
                tokens[try #require(entry["workspace"] as? String)] = entry["token"] as? String
            }
            return tokens
        }
    }

    private func expectNoSecrets(_ results: [AirlockProcess.Result], _ secrets: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        for result in results {
            for secret in secrets { #expect(!result.allOutput.contains(secret), sourceLocation: sourceLocation) }
            #expect(!result.allOutput.contains("eyJ"), "no JWT", sourceLocation: sourceLocation)
        }
    }

    // MARK: - Password

    @Test func aPasswordLoginSavesTheTokensAndWorkspaceCommandsThenWork() async throws {
        let home = try await Home()
        try await home.asOperator(["user", "add", "alice@example.com"], stdin: password)
        try await home.asOperator(["user", "grant", "alice@example.com", "--workspace", "acme"])
        try await home.asOperator(["user", "grant", "alice@example.com", "--workspace", "globex"])
        try await home.asOperator(["memory", "add", "--workspace", "acme", "--kind", "note", "--title", "acme-canary", "--body", "b"])

        let before = try await home.user(["memory", "list", "--workspace", "acme"])
        expectFailure(before, "no token for workspace acme: set AIRLOCK_TOKEN or run `airlock workspace join acme`")

        let login = try await home.user(["login", "Alice@Example.com"], stdin: password + "\n")
        expectSuccess(login)
        #expect(login.stdout.split(separator: "\n").map { $0.split(separator: " ").joined(separator: " ") } == [
            "Signed in as alice@example.com.", "Workspaces opened (tokens saved in your keyring):", "ID NAME", "acme Acme", "globex Globex",
        ])
        #expect(try home.userTokens() == ["acme": home.acmeToken, "globex": home.globexToken])
        #expect(try permissions(of: home.userKeyring) == 0o600)
        #expect(try permissions(of: home.userConfig + "/airlock/logins.json") == 0o600)

        let listed = try await home.user(["memory", "list", "--workspace", "acme", "--json"])
        expectSuccess(listed)
        #expect(try jsonArray(listed.stdout).map { $0["title"] as? String } == ["acme-canary"])
        let audit = try await home.user(["audit", "show", "--workspace", "acme", "--json"])
        expectSuccess(audit)
        expectNoSecrets([login, listed, audit], [password, home.acmeToken, home.globexToken])
    }

    @Test func aWrongPasswordAndAnUnknownUserPrintTheSameLine() async throws {
        let home = try await Home()
        try await home.asOperator(["user", "add", "alice@example.com"], stdin: password)
        try await home.asOperator(["user", "add", "oidc@example.com", "--oidc", "--no-password"])
        let wrong = try await home.user(["login", "alice@example.com"], stdin: "not the password\n")
        let unknown = try await home.user(["login", "nobody@example.com"], stdin: password)
        let noPassword = try await home.user(["login", "oidc@example.com"], stdin: password)
        for result in [wrong, unknown, noPassword] { expectFailure(result, "unknown account or wrong credentials") }
        #expect(wrong.stderr == unknown.stderr && unknown.stderr == noPassword.stderr)
        #expect(!FileManager.default.fileExists(atPath: home.userKeyring))
        expectNoSecrets([wrong, unknown, noPassword], [password, "not the password"])
    }

    @Test func repeatedFailuresLockTheAccountAndSaySo() async throws {
        let home = try await Home()
        try await home.asOperator(["user", "add", "alice@example.com"], stdin: password)
        for _ in 1...4 {
            expectFailure(try await home.user(["login", "alice@example.com"], stdin: "wrong password!"), "unknown account or wrong credentials")
        }
        expectFailure(try await home.user(["login", "alice@example.com"], stdin: "wrong password!"),
                      "account locked after repeated failed sign-ins; try again in 30 s")
        let listed = try jsonArray(try await home.cli.run(["user", "list", "--json"]).stdout)
        #expect(listed.first?["lockedUntil"] is String)
    }

    @Test func outdatedMembershipsAreReported() async throws {
        let home = try await Home()
        try await home.asOperator(["user", "add", "alice@example.com"], stdin: password)
        try await home.asOperator(["user", "grant", "alice@example.com", "--workspace", "acme"])
        try await home.asOperator(["user", "grant", "alice@example.com", "--workspace", "globex"])
        try await home.asOperator(["workspace", "rotate-token", "acme"])
        let login = try await home.user(["login", "alice@example.com"], stdin: password)
        expectSuccess(login)
        #expect(login.stdout.contains("\n  globex  Globex\n"))
        #expect(login.stdout.hasSuffix(
            "Outdated memberships (the workspace's token changed since the grant; ask an operator to grant them again): acme\n"))
        #expect(try home.userTokens() == ["globex": home.globexToken])
    }

    @Test func loginNeedsOneWayToSignIn() async throws {
        let home = try await Home()
        let message = "sign in with one of: `airlock login EMAIL`, `airlock login --oidc [EMAIL]`, `airlock login --workspace ID`"
        expectFailure(try await home.user(["login"]), message)
        expectFailure(try await home.user(["login", "alice@example.com", "--workspace", "acme"], stdin: home.acmeToken), message)
        expectFailure(try await home.user(["login", "--oidc", "--workspace", "acme"]), message)
    }

    // MARK: - Workspace token

    @Test func aTokenLoginSavesThatWorkspace() async throws {
        let home = try await Home()
        let wrong = try await home.user(["login", "--workspace", "acme"], stdin: home.globexToken)
        expectFailure(wrong, "unknown workspace or invalid token")
        let login = try await home.user(["login", "--workspace", "acme"], stdin: home.acmeToken + "\n")
        expectSuccess(login)
        #expect(login.stdout == "Signed in to workspace acme (Acme); its token is saved in your keyring.\n")
        #expect(try home.userTokens() == ["acme": home.acmeToken])
        expectSuccess(try await home.user(["memory", "list", "--workspace", "acme"]))
        let logout = try await home.user(["logout"])
        expectSuccess(logout)
        #expect(logout.stdout == "Signed out: removed the tokens of acme from your keyring.\n")
        #expect(try home.userTokens().isEmpty)
        expectNoSecrets([wrong, login, logout], [home.acmeToken, home.globexToken])
    }

    // MARK: - OpenID Connect

    @Test func anOpenIDConnectLoginShowsTheCodeAndSavesTheTokens() async throws {
        let home = try await Home()
        try await home.asOperator(["user", "add", "bob@example.com", "--oidc", "--no-password"])
        try await home.asOperator(["user", "grant", "bob@example.com", "--workspace", "acme"])
        let issuer = try await FakeOIDCIssuer.start(email: "bob@example.com")
        let secret = "oidc-client-secret-0001"
        let environment = ["AIRLOCK_OIDC_ISSUER": issuer.issuer, "AIRLOCK_OIDC_CLIENT_ID": issuer.clientID, "AIRLOCK_OIDC_CLIENT_SECRET": secret]

        let login = try await home.user(["login", "--oidc"], environment: environment)
        #expect(login.status == 0, "stderr: \(login.stderr)")
        #expect(login.stderr.contains("open \(issuer.issuer)/device\nand enter the code \(issuer.userCode)"))
        #expect(login.stdout.hasPrefix("Signed in as bob@example.com.\n"))
        #expect(try home.userTokens() == ["acme": home.acmeToken])
        let token = try #require(issuer.requests.last { $0.path == "/token" })
        #expect(String(decoding: token.body, as: UTF8.self).contains("client_secret=" + secret), "the secret is sent to the issuer")

        let other = try await home.user(["login", "--oidc", "alice@example.com"], environment: environment)
        #expect(other.stderr.hasSuffix("Waiting…\nairlock: unknown account or wrong credentials\n"), "stderr: \(other.stderr)")
        #expect(other.status != 0 && other.stdout.isEmpty)
        expectNoSecrets([login, other], [home.acmeToken, secret, issuer.deviceCode])
        try await issuer.shutdown()
    }

    @Test func anIDTokenForAnotherClientIsRefused() async throws {
        let home = try await Home()
        try await home.asOperator(["user", "add", "bob@example.com", "--oidc", "--no-password"])
        try await home.asOperator(["user", "grant", "bob@example.com", "--workspace", "acme"])
        let issuer = try await FakeOIDCIssuer.start(email: "bob@example.com", fault: .wrongAudience)
        let login = try await home.user(["login", "--oidc"], environment: ["AIRLOCK_OIDC_ISSUER": issuer.issuer, "AIRLOCK_OIDC_CLIENT_ID": issuer.clientID])
        #expect(login.stderr.hasSuffix("airlock: unknown account or wrong credentials\n"), "stderr: \(login.stderr)")
        #expect(login.status != 0 && login.stdout.isEmpty)
        #expect(try home.userTokens().isEmpty)
        try await issuer.shutdown()
    }

    @Test func openIDConnectNeedsAClientID() async throws {
        let home = try await Home()
        expectFailure(try await home.user(["login", "--oidc"], environment: ["AIRLOCK_OIDC_ISSUER": "http://127.0.0.1:9"]),
                      "OpenID Connect sign-in needs a client id: set oidc.client_id in the configuration or AIRLOCK_OIDC_CLIENT_ID")
    }

    // MARK: - Logout

    @Test func logoutRemovesExactlyTheTokensItsLoginSaved() async throws {
        let home = try await Home()
        let initechToken = try await home.cli.createWorkspace("Initech", id: "initech")
        for email in ["alice@example.com", "carol@example.com"] {
            try await home.asOperator(["user", "add", email], stdin: password)
            try await home.asOperator(["user", "grant", email, "--workspace", "acme"])
        }
        try await home.asOperator(["user", "grant", "alice@example.com", "--workspace", "globex"])
        expectSuccess(try await home.user(["workspace", "join", "initech"], stdin: initechToken))
        expectSuccess(try await home.user(["login", "alice@example.com"], stdin: password))
        expectSuccess(try await home.user(["login", "carol@example.com"], stdin: password))
        #expect(try home.userTokens().keys.sorted() == ["acme", "globex", "initech"])

        let alice = try await home.user(["logout", "alice@example.com"])
        expectSuccess(alice)
        #expect(alice.stdout == "Signed out as alice@example.com: removed the tokens of globex from your keyring.\n")
        #expect(try home.userTokens().keys.sorted() == ["acme", "initech"], "carol's login still holds acme; join saved initech")

        let again = try await home.user(["logout", "alice@example.com"])
        expectSuccess(again)
        #expect(again.stdout == "No tokens saved by signing in as alice@example.com are left in your keyring for this home.\n")

        expectSuccess(try await home.user(["logout", "carol@example.com"]))
        #expect(try home.userTokens().keys.sorted() == ["initech"])
        expectFailure(try await home.user(["memory", "list", "--workspace", "acme"]),
                      "no token for workspace acme: set AIRLOCK_TOKEN or run `airlock workspace join acme`")
    }

    @Test func logoutKeepsATokenSavedAgainSince() async throws {
        let home = try await Home()
        try await home.asOperator(["user", "add", "alice@example.com"], stdin: password)
        try await home.asOperator(["user", "grant", "alice@example.com", "--workspace", "acme"])
        expectSuccess(try await home.user(["login", "alice@example.com"], stdin: password))
        try await home.asOperator(["workspace", "rotate-token", "acme"])
        let rotated = try #require(try home.cli.keyringToken(for: "acme"))
        expectSuccess(try await home.user(["workspace", "join", "acme"], stdin: rotated))

        let logout = try await home.user(["logout"])
        expectSuccess(logout)
        #expect(logout.stdout == "No tokens saved by signing in are left in your keyring for this home.\n")
        #expect(try home.userTokens() == ["acme": rotated], "the token joined since is not the one the login saved")
    }
}
