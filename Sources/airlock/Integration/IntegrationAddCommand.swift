import AirlockAgent
import AirlockCore
import ArgumentParser
import Foundation

/// `airlock integration add --workspace ID INTEGRATION_ID --kind KIND [options] [--json]`.
struct IntegrationAddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add an integration (not yet connected).",
        discussion: """
            Kinds: http (any API below --base-url), google_ads, meta_capi, google_calendar.
            Google kinds default to OAuth 2.0 with Google's endpoints (give --client-id); meta_capi and http default to a bearer token.
            Kind parameters: google_ads customer_id (and login_customer_id), meta_capi pixel_id, google_calendar calendar_id.
            """
    )

    @OptionGroup var options: WorkspaceOptions

    @Argument(help: "The integration's id (lowercase letters, digits, '-').")
    var integrationID: String

    @Option(help: "http, google_ads, meta_capi or google_calendar.")
    var kind: String

    @Option(help: "Display name (default: the id).")
    var name: String?

    @Option(help: ArgumentHelp("Base URL (default: the kind's API).", valueName: "url"))
    var baseURL: String?

    @Option(help: "bearer, api_key_header or oauth2 (default by kind).")
    var auth: String?

    @Option(help: ArgumentHelp("Header carrying the API key, for api_key_header.", valueName: "name"))
    var apiKeyHeader: String?

    @Option(help: ArgumentHelp("OAuth client id.", valueName: "id"))
    var clientID: String?

    @Option(help: ArgumentHelp("OAuth token endpoint (default: Google's for Google kinds).", valueName: "url"))
    var tokenURL: String?

    @Option(help: ArgumentHelp("OAuth device authorization endpoint (default: Google's for Google kinds).", valueName: "url"))
    var deviceURL: String?

    @Option(name: .customLong("scope"), help: ArgumentHelp("OAuth scope (repeatable; default by kind).", valueName: "scope"))
    var scopes: [String] = []

    @Option(name: .customLong("param"), help: ArgumentHelp("Kind parameter as key=value (repeatable).", valueName: "key=value"))
    var parameters: [String] = []

    @Flag(help: "Print the integration as JSON.")
    var json = false

    func run() async throws {
        let (id, kind, name, settings) = try specification()
        let integration = try await options.withVault { store, _ in
            try await store.addIntegration(id: id, kind: kind, name: name, settings: settings)
        }
        if json { return try Output.json(IntegrationStatus(integration, credentials: [])) }
        Output.lines(["Added integration \(integration.id) (\(integration.kind.rawValue)); connect it with `airlock integration connect --workspace \(options.workspace) \(integration.id)`."])
    }

    /// The integration these arguments describe, validated as tools will build requests.
    func specification() throws -> (IntegrationID, IntegrationKind, String, IntegrationSettings) {
        let id = try IntegrationID(integrationID)
        guard let kind = IntegrationKind(rawValue: kind.lowercased().replacingOccurrences(of: "-", with: "_")) else {
            throw ValidationError("unknown kind \(TerminalText.quoted(kind)); use \(IntegrationKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let defaults = IntegrationDefaults(kind)
        let authName = auth ?? defaults.auth.rawValue
        guard let auth = IntegrationAuth(rawValue: authName.lowercased()) else {
            throw ValidationError("unknown auth \(TerminalText.quoted(authName)); use bearer, api_key_header or oauth2")
        }
        var oauth: OAuthSettings?
        if auth == .oauth2 {
            guard let clientID, !clientID.isEmpty else { throw ValidationError("--client-id is required for oauth2") }
            guard let token = tokenURL ?? defaults.tokenURL else { throw ValidationError("--token-url is required for oauth2") }
            oauth = OAuthSettings(tokenURL: token, deviceAuthorizationURL: deviceURL ?? defaults.deviceURL, clientID: clientID, scopes: scopes.isEmpty ? defaults.scopes : scopes)
        }
        if auth == .apiKeyHeader, (apiKeyHeader ?? "").isEmpty { throw ValidationError("--api-key-header is required for api_key_header") }
        var values: [String: String] = [:]
        for pair in parameters {
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty else { throw ValidationError("--param \(TerminalText.quoted(pair)) is not key=value") }
            values[parts[0]] = parts[1]
        }
        if let missing = defaults.requiredParameters.first(where: { values[$0] == nil }) {
            throw ValidationError("--param \(missing)=… is required for \(kind.rawValue)")
        }
        if kind == .http, baseURL == nil { throw ValidationError("--base-url is required for http") }
        let settings = IntegrationSettings(baseURL: baseURL ?? "", auth: auth, apiKeyHeader: apiKeyHeader, oauth: oauth, parameters: values)
        try IntegrationSettingsCheck.validate(settings, kind: kind)
        return (id, kind, name ?? id.rawValue, settings)
    }
}

/// The defaults of each integration kind.
struct IntegrationDefaults {
    let auth: IntegrationAuth
    let tokenURL: String?
    let deviceURL: String?
    let scopes: [String]
    let requiredParameters: [String]

    init(_ kind: IntegrationKind) {
        switch kind {
        case .googleAds:
            self.init(auth: .oauth2, google: true, scopes: ["https://www.googleapis.com/auth/adwords"], required: ["customer_id"])
        case .googleCalendar:
            self.init(auth: .oauth2, google: true, scopes: ["https://www.googleapis.com/auth/calendar"], required: ["calendar_id"])
        case .metaConversions:
            self.init(auth: .bearer, google: false, scopes: [], required: ["pixel_id"])
        case .http:
            self.init(auth: .bearer, google: false, scopes: [], required: [])
        }
    }

    private init(auth: IntegrationAuth, google: Bool, scopes: [String], required: [String]) {
        self.auth = auth
        tokenURL = google ? "https://oauth2.googleapis.com/token" : nil
        deviceURL = google ? "https://oauth2.googleapis.com/device/code" : nil
        self.scopes = scopes
        requiredParameters = required
    }
}

/// Checks settings by building a request the way tools will (base URL, auth, parameters).
enum IntegrationSettingsCheck {
    static func validate(_ settings: IntegrationSettings, kind: IntegrationKind) throws {
        let probe = Integration(id: try IntegrationID("probe"), kind: kind, name: "probe", settings: settings, createdAt: Date(), lastUsedAt: nil)
        do {
            switch kind {
            case .http: _ = try IntegrationPreset.http(probe, method: .get, path: "/")
            case .googleAds: _ = try IntegrationPreset.googleAdsReport(probe, query: "SELECT customer.id FROM customer")
            case .metaConversions: _ = try IntegrationPreset.metaConversions(probe, events: [])
            case .googleCalendar: _ = try IntegrationPreset.calendarEvents(probe, timeMin: "2026-01-01T00:00:00Z", timeMax: "2026-01-02T00:00:00Z")
            }
        } catch {
            throw ValidationError(String(describing: error))
        }
    }
}
