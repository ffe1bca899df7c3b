import AirlockAgent
import AirlockCore
import AirlockStore
import ArgumentParser
import Foundation

/// `--home DIR`, accepted by every command.
struct HomeOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The Airlock home (default: $AIRLOCK_HOME, else $XDG_DATA_HOME/airlock, else ~/.local/share/airlock).", valueName: "dir"))
    var home: String?
}

/// `--workspace ID` and the home, for commands on one workspace's data.
struct WorkspaceOptions: ParsableArguments {
    @OptionGroup var homeOptions: HomeOptions

    @Option(name: .long, help: ArgumentHelp("The workspace to act on.", valueName: "id"))
    var workspace: String

    /// Runs `body` with the workspace's store, entered through the gateway (one API
    /// operation) with the token from `$AIRLOCK_TOKEN` or the keyring, and closes it
    /// afterwards.
    func withStore<T>(_ body: (any WorkspaceStore) async throws -> T) async throws -> T {
        let id = try WorkspaceID(workspace)
        return try await CommandContext.withManager(homeOptions) { context in
            try await context.manager.withStore(try await context.enter(id, for: .api), body)
        }
    }
}

/// What a command needs from its surroundings: the environment, the home, its workspace
/// manager, the gateway every workspace operation passes, the access settings and the
/// user's keyring.
struct CommandContext {
    let environment: [String: String]
    let manager: WorkspaceManager
    let gateway: Gateway
    let access: AccessSettings
    let keyring: Keyring

    var home: AirlockHome { manager.home }

    /// Who is acting, for audit events: `cli:<user>`.
    var actor: AuditActor {
        AuditActor("cli:" + (environment["USER"] ?? environment["LOGNAME"] ?? ProcessInfo.processInfo.userName))
    }

    /// Opens the home (creating it if `create`) and its gateway, runs `body`, and closes
    /// them.
    static func withManager<T>(_ options: HomeOptions, create: Bool = false, _ body: (CommandContext) async throws -> T) async throws -> T {
        let environment = ProcessInfo.processInfo.environment
        let access = try AirlockConfiguration.loadAccess(environment: environment)
        let storage = try AirlockConfiguration.loadStorage(environment: environment)
        let home = try AirlockHome.open(at: AirlockHome.location(explicit: options.home, environment: environment), create: create)
        let masterKey = try MasterKeyLoader.load(home: home, environment: environment, create: create)
        let manager = try WorkspaceManager.open(home: home, masterKey: masterKey, backend: try await storage.backend(for: home), anomalyThresholds: access.anomalyThresholds)
        let limits = SQLiteRateLimitStore(home: home)
        let gateway = Gateway(manager: manager, limiter: RateLimiter(rules: access.rateLimits, store: limits), policy: access.signInPolicy)
        let context = CommandContext(environment: environment, manager: manager, gateway: gateway, access: access,
                                     keyring: Keyring(path: Keyring.location(environment: environment)))
        defer { limits.close() }
        do {
            let result = try await body(context)
            await manager.close()
            return result
        } catch {
            await manager.close()
            throw error
        }
    }

    /// The token for `id`: `$AIRLOCK_TOKEN` if set, else the keyring's.
    func token(for id: WorkspaceID) throws -> WorkspaceToken {
        if let text = environment["AIRLOCK_TOKEN"], !text.isEmpty {
            return try WorkspaceToken(parsing: text)
        }
        guard let token = try keyring.token(for: id, in: home) else { throw CLIError.noToken(id) }
        return token
    }

    /// A grant for `id` through the gateway, with its token from the environment or
    /// keyring, admitting one `requestClass` operation (nil: the caller admits its
    /// operations itself).
    func enter(_ id: WorkspaceID, for requestClass: RequestClass?) async throws -> WorkspaceGrant {
        try await gateway.enter(id, token: try token(for: id), actor: actor, for: requestClass)
    }
}
