import AirlockCore
import Foundation

/// Which kind of model server to talk to.
public enum ProviderKind: String, Sendable, Codable, CaseIterable {
    /// The embedded llama.cpp server with SmolLM2-135M-Instruct, started by Airlock.
    case local
    /// Any OpenAI-compatible `/v1/chat/completions` server (OpenAI, vLLM, Ollama, llama.cpp).
    case openai
    /// The Anthropic Messages API.
    case anthropic
}

/// Airlock's settings: `$XDG_CONFIG_HOME/airlock/config.json` (else
/// `~/.config/airlock/config.json`), overridden by environment variables.
///
/// ```json
/// {
///   "provider": "openai",
///   "model": "gpt-4o-mini",
///   "base_url": "https://api.openai.com/v1",
///   "api_key_env": "OPENAI_API_KEY",
///   "context_window": 128000,
///   "context_budget": 16000,
///   "supports_tools": true,
///   "approval": { "auto_allow_read_only": false, "timeout_seconds": 120 },
///   "workspaces": { "acme-corp": { "approval": { "auto_allow_read_only": true } } },
///   "theme": "dark",
///   "keys": { "quit": "ctrl+x" },
///   "limits": { "api_per_minute": 60, "chat_per_minute": 30, "sign_in_per_minute": 5 }
/// }
/// ```
///
/// Every key is optional. `AIRLOCK_PROVIDER`, `AIRLOCK_MODEL`, `OPENAI_BASE_URL`,
/// `OPENAI_API_KEY`, `ANTHROPIC_BASE_URL` and `ANTHROPIC_API_KEY` override the file. With
/// no provider set anywhere, the embedded local model is used. ``AccessSettings`` describes
/// the `limits`, `sign_in`, `alerts` and `oidc` parts, ``StorageSettings`` the `storage`
/// and `database_url_env` parts.
public struct AirlockConfiguration: Sendable, Equatable {
    /// The provider kind.
    public let provider: ProviderKind
    /// The model name.
    public let model: String
    /// The base URL (nil for the local model, whose server Airlock starts).
    public let baseURL: String?
    /// The API key read from the environment (never from the file).
    public let apiKey: String?
    /// The model's context window in tokens.
    public let contextWindow: Int
    /// Tokens the context may use, if limited below the window.
    public let contextBudget: Int?
    /// Whether tools are offered to the model.
    public let supportsTools: Bool
    /// The console's theme name.
    public let theme: String
    /// Key bindings that replace the defaults: action name → key (`"quit": "ctrl+x"`).
    public let keyBindings: [String: String]
    /// Rate limits, sign-in lockouts, anomaly thresholds and the identity provider.
    public let access: AccessSettings
    private let defaultApproval: ApprovalPolicy
    private let workspaceApproval: [WorkspaceID: ApprovalPolicy]

    /// The configuration file's path for `environment`.
    public static func location(environment: [String: String]) -> String {
        if let config = environment["XDG_CONFIG_HOME"], config.hasPrefix("/") {
            return config + "/airlock/config.json"
        }
        let home = environment["HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil } ?? NSHomeDirectory()
        return home + "/.config/airlock/config.json"
    }

    /// Reads the file (if present) and applies the environment.
    ///
    /// - Throws: ``ConfigurationError`` naming the problem.
    public static func load(environment: [String: String]) throws -> AirlockConfiguration {
        try resolve(try loadFile(environment: environment), environment: environment)
    }

    /// Reads only the access settings (``AccessSettings``) of the file and environment:
    /// for commands that need the gateway but no model, so that a model setting they do
    /// not use cannot stop them.
    ///
    /// - Throws: ``ConfigurationError`` naming the problem.
    public static func loadAccess(environment: [String: String]) throws -> AccessSettings {
        try AccessSettings.resolve(try loadFile(environment: environment), environment: environment)
    }

    /// The configuration file as written (empty if there is none).
    ///
    /// - Throws: ``ConfigurationError/unreadable(path:reason:)`` if it cannot be parsed.
    static func loadFile(environment: [String: String]) throws -> ConfigurationFile {
        let path = location(environment: environment)
        guard let data = FileManager.default.contents(atPath: path) else { return ConfigurationFile() }
        do {
            return try JSONDecoder().decode(ConfigurationFile.self, from: data)
        } catch {
            throw ConfigurationError.unreadable(path: path, reason: Self.reason(error))
        }
    }

    /// The approval policy for `workspace`.
    public func approvalPolicy(for workspace: WorkspaceID) -> ApprovalPolicy {
        workspaceApproval[workspace] ?? defaultApproval
    }

    static func resolve(_ file: ConfigurationFile, environment: [String: String]) throws -> AirlockConfiguration {
        let named = environment["AIRLOCK_PROVIDER"].flatMap { $0.isEmpty ? nil : $0 } ?? file.provider ?? ProviderKind.local.rawValue
        guard let provider = ProviderKind(rawValue: named.lowercased()) else {
            throw ConfigurationError.unknownProvider(named)
        }
        let defaults = ProviderDefaults(provider)
        let baseURL: String? = switch provider {
        case .local: nil
        case .openai: environment["OPENAI_BASE_URL"].flatMap { $0.isEmpty ? nil : $0 } ?? file.baseURL ?? defaults.baseURL
        case .anthropic: environment["ANTHROPIC_BASE_URL"].flatMap { $0.isEmpty ? nil : $0 } ?? file.baseURL ?? defaults.baseURL
        }
        let keyVariable = file.apiKeyEnv ?? defaults.apiKeyVariable
        let apiKey = keyVariable.flatMap { environment[$0] }.flatMap { $0.isEmpty ? nil : $0 }
        if let baseURL {
            guard let url = URL(string: baseURL), let scheme = url.scheme, ["http", "https"].contains(scheme), url.host != nil else {
                throw ConfigurationError.invalidBaseURL(baseURL)
            }
            if apiKey == nil, provider == .anthropic || url.host == "api.openai.com" {
                throw ConfigurationError.missingAPIKey(provider: provider, variable: keyVariable ?? "")
            }
        }
        let approval = ApprovalPolicy(file.approval)
        var perWorkspace: [WorkspaceID: ApprovalPolicy] = [:]
        for (raw, settings) in file.workspaces ?? [:] {
            let id: WorkspaceID
            do {
                id = try WorkspaceID(raw)
            } catch {
                throw ConfigurationError.invalidValue(key: "workspaces", reason: error.description)
            }
            perWorkspace[id] = ApprovalPolicy(settings.approval, base: approval)
        }
        let window = file.contextWindow ?? defaults.contextWindow
        guard window >= 512 else { throw ConfigurationError.invalidValue(key: "context_window", reason: "\(window) is below 512") }
        if let budget = file.contextBudget, budget < 256 {
            throw ConfigurationError.invalidValue(key: "context_budget", reason: "\(budget) is below 256")
        }
        return AirlockConfiguration(
            provider: provider,
            model: environment["AIRLOCK_MODEL"].flatMap { $0.isEmpty ? nil : $0 } ?? file.model ?? defaults.model,
            baseURL: baseURL,
            apiKey: apiKey,
            contextWindow: window,
            contextBudget: file.contextBudget,
            supportsTools: file.supportsTools ?? defaults.supportsTools,
            theme: environment["AIRLOCK_THEME"].flatMap { $0.isEmpty ? nil : $0 } ?? file.theme ?? "dark",
            keyBindings: file.keys ?? [:],
            access: try AccessSettings.resolve(file, environment: environment),
            defaultApproval: approval,
            workspaceApproval: perWorkspace
        )
    }

    private static func reason(_ error: any Error) -> String {
        switch error {
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context), DecodingError.dataCorrupted(let context):
            let key = context.codingPath.map(\.stringValue).joined(separator: ".")
            return key.isEmpty ? "it is not valid JSON" : "\(key) has the wrong type"
        case DecodingError.keyNotFound(let key, _):
            return "\(key.stringValue) is missing"
        default:
            return "it is not valid JSON"
        }
    }
}

/// The defaults of each provider kind.
struct ProviderDefaults {
    let baseURL: String?
    let model: String
    let apiKeyVariable: String?
    let contextWindow: Int
    let supportsTools: Bool

    init(_ kind: ProviderKind) {
        switch kind {
        case .local:
            self = ProviderDefaults(baseURL: nil, model: "smollm2-135m", apiKeyVariable: nil, contextWindow: 4096, supportsTools: false)
        case .openai:
            self = ProviderDefaults(baseURL: "https://api.openai.com/v1", model: "gpt-4o-mini", apiKeyVariable: "OPENAI_API_KEY", contextWindow: 128_000, supportsTools: true)
        case .anthropic:
            self = ProviderDefaults(baseURL: "https://api.anthropic.com", model: "claude-3-5-haiku-latest", apiKeyVariable: "ANTHROPIC_API_KEY", contextWindow: 200_000, supportsTools: true)
        }
    }

    private init(baseURL: String?, model: String, apiKeyVariable: String?, contextWindow: Int, supportsTools: Bool) {
        self.baseURL = baseURL
        self.model = model
        self.apiKeyVariable = apiKeyVariable
        self.contextWindow = contextWindow
        self.supportsTools = supportsTools
    }
}

/// The configuration file as written.
struct ConfigurationFile: Decodable {
    var provider: String?
    var model: String?
    var baseURL: String?
    var apiKeyEnv: String?
    var contextWindow: Int?
    var contextBudget: Int?
    var supportsTools: Bool?
    var approval: ApprovalFile?
    var workspaces: [String: WorkspaceFile]?
    var theme: String?
    var keys: [String: String]?
    var limits: LimitsFile?
    var signIn: SignInFile?
    var alerts: AlertsFile?
    var oidc: OpenIDFile?
    var storage: String?
    var databaseURLEnv: String?

    struct ApprovalFile: Decodable {
        var autoAllowReadOnly: Bool?
        var timeoutSeconds: Int?

        enum CodingKeys: String, CodingKey {
            case autoAllowReadOnly = "auto_allow_read_only", timeoutSeconds = "timeout_seconds"
        }
    }

    struct WorkspaceFile: Decodable {
        var approval: ApprovalFile?
    }

    enum CodingKeys: String, CodingKey {
        case provider, model, baseURL = "base_url", apiKeyEnv = "api_key_env", contextWindow = "context_window"
        case contextBudget = "context_budget", supportsTools = "supports_tools", approval, workspaces, theme, keys
        case limits, signIn = "sign_in", alerts, oidc, storage, databaseURLEnv = "database_url_env"
    }
}

extension ApprovalPolicy {
    init(_ file: ConfigurationFile.ApprovalFile?, base: ApprovalPolicy = ApprovalPolicy()) {
        self.init(
            autoAllowReadOnly: file?.autoAllowReadOnly ?? base.autoAllowReadOnly,
            timeout: file?.timeoutSeconds.map { .seconds(max(1, $0)) } ?? base.timeout
        )
    }
}

/// Why the configuration cannot be used.
public enum ConfigurationError: Error, Equatable, Sendable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case unknownProvider(String)
    case invalidBaseURL(String)
    case missingAPIKey(provider: ProviderKind, variable: String)
    case invalidValue(key: String, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason):
            return "cannot use the configuration \(TerminalText.quoted(path, limit: 200)): \(reason)"
        case .unknownProvider(let name):
            return "unknown provider \(TerminalText.quoted(name)); use local, openai or anthropic"
        case .invalidBaseURL(let url):
            return "invalid base URL \(TerminalText.quoted(url, limit: 200)); expected http(s)://host[:port][/path]"
        case .missingAPIKey(let provider, let variable):
            return "the \(provider.rawValue) provider needs an API key; set \(variable)"
        case .invalidValue(let key, let reason):
            return "invalid configuration value \(key): \(reason)"
        }
    }
}
