import AirlockAgent
import AirlockCore
import AirlockStore
import ArgumentParser
import Foundation

/// `airlock login EMAIL` | `airlock login --oidc [EMAIL]` | `airlock login --workspace ID`.
struct LoginCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "login",
        abstract: "Sign in and save the tokens of your workspaces in your keyring.",
        discussion: """
            With EMAIL, the password is read from stdin (typed without echo at a terminal). With --oidc, sign in
            through the OpenID Connect identity provider: Airlock shows a code and a web address, then waits;
            the provider is the configuration's "oidc" (or AIRLOCK_OIDC_ISSUER, default Google, and
            AIRLOCK_OIDC_CLIENT_ID). With --workspace ID, the workspace's token is read from stdin.
            Repeated failed sign-ins lock the account (or workspace) for 30 s, doubling with each lockout up to an hour;
            at most 5 sign-in attempts a minute are accepted per account and per workspace.
            """
    )

    @OptionGroup var homeOptions: HomeOptions

    @Argument(help: "Your email address.")
    var email: String?

    @Flag(help: "Sign in through the OpenID Connect identity provider (device flow).")
    var oidc = false

    @Option(help: ArgumentHelp("Sign in to one workspace with its token, read from stdin.", valueName: "id"))
    var workspace: String?

    func run() async throws {
        switch (email, oidc, workspace) {
        case (let email?, false, nil):
            try await withPassword(try AccountEmail(email))
        case (_, true, nil):
            try await withIdentityProvider(try email.map { text throws(InputError) in try AccountEmail(text) })
        case (nil, false, let workspace?):
            try await withToken(try WorkspaceID(workspace))
        default:
            throw SignInCommandError.ambiguousLogin
        }
    }

    private func withPassword(_ email: AccountEmail) async throws {
        try await CommandContext.withManager(homeOptions) { context in
            let password = try PasswordInput.read(prompt: "Password for \(email): ")
            let signedIn = try await context.gateway.signIn.password(email: email.rawValue, password: password)
            Output.lines(try await SignedInKeyring.save(signedIn, in: context))
        }
    }

    private func withIdentityProvider(_ email: AccountEmail?) async throws {
        try await CommandContext.withManager(homeOptions) { context in
            guard let settings = context.access.openID else { throw SignInCommandError.missingClientID }
            let http = IntegrationHTTP()
            do {
                let openID = OpenIDSignIn(settings: settings, signIn: context.gateway.signIn, http: http)
                let pending = try await openID.start()
                let authorization = pending.authorization
                Output.note("To sign in, open \(authorization.verificationURIComplete ?? authorization.verificationURI)\nand enter the code \(authorization.userCode). Waiting…\n")
                let signedIn = try await openID.finish(pending, expecting: email)
                await http.shutdown()
                Output.lines(try await SignedInKeyring.save(signedIn, in: context))
            } catch {
                await http.shutdown()
                throw error
            }
        }
    }

    private func withToken(_ workspace: WorkspaceID) async throws {
        try await CommandContext.withManager(homeOptions) { context in
            let token = try WorkspaceToken(parsing: try StandardInput.readSecret(prompt: "Token for workspace \(workspace): "))
            let grant = try await context.gateway.signIn.token(token, workspace: workspace, actor: context.actor)
            let record = try await context.manager.record(for: grant)
            try SignedInKeyring.save([KeyringEntry(home: context.home, workspace: workspace, name: record.name, token: token)], account: nil, in: context)
            Output.lines(["Signed in to workspace \(workspace) (\(record.name)); its token is saved in your keyring."])
        }
    }
}
