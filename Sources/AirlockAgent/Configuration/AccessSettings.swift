import AirlockCore
import Foundation

/// How the gateway guards the home: rate limits, sign-in lockouts, anomaly thresholds and
/// the OpenID Connect identity provider — the `limits`, `sign_in`, `alerts` and `oidc`
/// parts of the configuration.
///
/// ```json
/// "limits": { "api_per_minute": 60, "chat_per_minute": 30, "sign_in_per_minute": 5 },
/// "sign_in": { "max_failures": 5, "failure_window_seconds": 900,
///              "first_lockout_seconds": 30, "longest_lockout_seconds": 3600 },
/// "alerts": { "reads": { "count": 50, "window_seconds": 60, "multiplier": 4 },
///             "credential_uses": { "count": 20, "window_seconds": 60, "multiplier": 4 },
///             "denied_approvals": { "count": 5, "window_seconds": 600, "multiplier": 3 },
///             "failed_sign_ins": 5, "cooldown_seconds": 900, "baseline_half_life_seconds": 86400 },
/// "oidc": { "issuer": "https://accounts.google.com", "client_id": "…",
///           "client_secret_env": "AIRLOCK_OIDC_CLIENT_SECRET" }
/// ```
///
/// `AIRLOCK_OIDC_ISSUER` and `AIRLOCK_OIDC_CLIENT_ID` override the file; the client secret
/// is read only from the environment variable the file names.
public struct AccessSettings: Sendable, Equatable {
    /// Requests admitted per workspace (and per account for sign-in).
    public var rateLimits = RateLimitRules()
    /// When failed sign-ins lock an account or workspace.
    public var signInPolicy = SignInPolicy()
    /// When the anomaly detector raises alerts.
    public var anomalyThresholds = AnomalyThresholds()
    /// The identity provider, if a client id is configured.
    public var openID: OpenIDSettings?

    /// The defaults.
    public init() {}

    static func resolve(_ file: ConfigurationFile, environment: [String: String]) throws(ConfigurationError) -> AccessSettings {
        var settings = AccessSettings()
        if let limits = file.limits {
            func rule(_ value: Int?, _ key: String, default fallback: RateRule) throws(ConfigurationError) -> RateRule {
                guard let value else { return fallback }
                guard (1...100_000).contains(value) else { throw .invalidValue(key: "limits.\(key)", reason: "\(value) is not between 1 and 100000") }
                return RateRule(limit: value, windowMilliseconds: 60_000)
            }
            settings.rateLimits = RateLimitRules(
                api: try rule(limits.apiPerMinute, "api_per_minute", default: settings.rateLimits.api),
                chat: try rule(limits.chatPerMinute, "chat_per_minute", default: settings.rateLimits.chat),
                signIn: try rule(limits.signInPerMinute, "sign_in_per_minute", default: settings.rateLimits.signIn))
        }
        if let signIn = file.signIn {
            let base = settings.signInPolicy
            for (key, value) in [("max_failures", signIn.maxFailures), ("failure_window_seconds", signIn.failureWindowSeconds),
                                 ("first_lockout_seconds", signIn.firstLockoutSeconds), ("longest_lockout_seconds", signIn.longestLockoutSeconds)] {
                if let value, value < 1 { throw .invalidValue(key: "sign_in.\(key)", reason: "\(value) is below 1") }
            }
            settings.signInPolicy = SignInPolicy(
                maxFailures: signIn.maxFailures ?? base.maxFailures,
                failureWindow: signIn.failureWindowSeconds.map(TimeInterval.init) ?? base.failureWindow,
                firstLockout: signIn.firstLockoutSeconds.map(TimeInterval.init) ?? base.firstLockout,
                longestLockout: signIn.longestLockoutSeconds.map(TimeInterval.init) ?? base.longestLockout)
        }
        if let alerts = file.alerts {
            settings.anomalyThresholds = try alerts.thresholds()
        }
        settings.openID = try openID(file.oidc, environment: environment)
        return settings
    }

    private static func openID(_ file: ConfigurationFile.OpenIDFile?, environment: [String: String]) throws(ConfigurationError) -> OpenIDSettings? {
        func variable(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        guard let clientID = variable("AIRLOCK_OIDC_CLIENT_ID") ?? file?.clientID else { return nil }
        let issuer = variable("AIRLOCK_OIDC_ISSUER") ?? file?.issuer ?? OpenIDSettings.googleIssuer
        guard let url = URL(string: issuer), let scheme = url.scheme, url.host != nil,
              scheme == "https" || (scheme == "http" && ["127.0.0.1", "localhost", "::1"].contains(url.host ?? ""))
        else { throw .invalidValue(key: "oidc.issuer", reason: "\(TerminalText.quoted(issuer, limit: 200)) is neither https nor on this machine") }
        let secret = variable(file?.clientSecretEnv ?? "AIRLOCK_OIDC_CLIENT_SECRET")
        return OpenIDSettings(issuer: issuer, clientID: clientID, clientSecret: secret)
    }
}

extension ConfigurationFile {
    struct LimitsFile: Decodable {
        var apiPerMinute: Int?
        var chatPerMinute: Int?
        var signInPerMinute: Int?

        enum CodingKeys: String, CodingKey {
            case apiPerMinute = "api_per_minute", chatPerMinute = "chat_per_minute", signInPerMinute = "sign_in_per_minute"
        }
    }

    struct SignInFile: Decodable {
        var maxFailures: Int?
        var failureWindowSeconds: Int?
        var firstLockoutSeconds: Int?
        var longestLockoutSeconds: Int?

        enum CodingKeys: String, CodingKey {
            case maxFailures = "max_failures", failureWindowSeconds = "failure_window_seconds"
            case firstLockoutSeconds = "first_lockout_seconds", longestLockoutSeconds = "longest_lockout_seconds"
        }
    }

    struct BurstFile: Decodable {
        var count: Int?
        var windowSeconds: Int?
        var multiplier: Double?

        enum CodingKeys: String, CodingKey {
            case count, windowSeconds = "window_seconds", multiplier
        }

        func threshold(_ base: BurstThreshold, key: String) throws(ConfigurationError) -> BurstThreshold {
            if let count, count < 1 { throw .invalidValue(key: "alerts.\(key).count", reason: "\(count) is below 1") }
            if let windowSeconds, windowSeconds < 1 { throw .invalidValue(key: "alerts.\(key).window_seconds", reason: "\(windowSeconds) is below 1") }
            if let multiplier, !(multiplier >= 1) { throw .invalidValue(key: "alerts.\(key).multiplier", reason: "\(multiplier) is below 1") }
            return BurstThreshold(count: count ?? base.count, windowSeconds: windowSeconds ?? base.windowSeconds, multiplier: multiplier ?? base.multiplier)
        }
    }

    struct AlertsFile: Decodable {
        var reads: BurstFile?
        var credentialUses: BurstFile?
        var deniedApprovals: BurstFile?
        var failedSignIns: Int?
        var cooldownSeconds: Int?
        var baselineHalfLifeSeconds: Int?

        enum CodingKeys: String, CodingKey {
            case reads, credentialUses = "credential_uses", deniedApprovals = "denied_approvals", failedSignIns = "failed_sign_ins"
            case cooldownSeconds = "cooldown_seconds", baselineHalfLifeSeconds = "baseline_half_life_seconds"
        }

        func thresholds() throws(ConfigurationError) -> AnomalyThresholds {
            var thresholds = AnomalyThresholds()
            thresholds.reads = try reads?.threshold(thresholds.reads, key: "reads") ?? thresholds.reads
            thresholds.credentialUses = try credentialUses?.threshold(thresholds.credentialUses, key: "credential_uses") ?? thresholds.credentialUses
            thresholds.deniedApprovals = try deniedApprovals?.threshold(thresholds.deniedApprovals, key: "denied_approvals") ?? thresholds.deniedApprovals
            for (key, value) in [("failed_sign_ins", failedSignIns), ("cooldown_seconds", cooldownSeconds), ("baseline_half_life_seconds", baselineHalfLifeSeconds)] {
                if let value, value < 1 { throw .invalidValue(key: "alerts.\(key)", reason: "\(value) is below 1") }
            }
            thresholds.failedSignIns = failedSignIns ?? thresholds.failedSignIns
            thresholds.cooldownSeconds = cooldownSeconds ?? thresholds.cooldownSeconds
            thresholds.baselineHalfLifeSeconds = baselineHalfLifeSeconds ?? thresholds.baselineHalfLifeSeconds
            return thresholds
        }
    }

    struct OpenIDFile: Decodable {
        var issuer: String?
        var clientID: String?
        var clientSecretEnv: String?

        enum CodingKeys: String, CodingKey {
            case issuer, clientID = "client_id", clientSecretEnv = "client_secret_env"
        }
    }
}
