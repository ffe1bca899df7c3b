import AirlockCore
import AirlockStore
import ArgumentParser

/// `airlock user add EMAIL [--oidc] [--no-password]`: the password comes from stdin.
struct UserAddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add a user; the password is read from stdin.",
        discussion: """
            At a terminal the password is typed twice without echo; piped, stdin holds it on one line.
            Passwords need at least 8 characters and are stretched with scrypt (N = 2^15, r = 8, p = 1).
            """
    )

    @OptionGroup var homeOptions: HomeOptions

    @Argument(help: "The user's email address.")
    var email: String

    @Flag(help: "Let the user sign in through the OpenID Connect identity provider.")
    var oidc = false

    @Flag(help: "Set no password: the user signs in only through the identity provider (needs --oidc).")
    var noPassword = false

    func run() async throws {
        let email = try AccountEmail(email)
        guard oidc || !noPassword else { throw UserAccountError.noSignInMethod }
        let methods = (noPassword ? [] : ["password"]) + (oidc ? ["OpenID Connect"] : [])
        try await CommandContext.withManager(homeOptions) { context in
            let password = noPassword ? nil : try PasswordInput.read(prompt: "Password for \(email): ", confirm: true)
            try await UserAccounts(manager: context.manager).add(email, password: password, openIDConnect: oidc)
        }
        Output.lines(["Added user \(email) (sign-in: \(methods.joined(separator: ", ")))."])
    }
}
