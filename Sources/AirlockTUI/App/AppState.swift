import AirlockAgent
import AirlockCore
import Foundation

/// A workspace the analyst can switch to (from the keyring).
public struct WorkspaceEntry: Sendable, Equatable {
    /// The workspace's id.
    public let id: WorkspaceID
    /// Its display name.
    public let name: String

    /// Creates an entry.
    public init(id: WorkspaceID, name: String) {
        self.id = id
        self.name = name
    }
}

/// Which main view is showing.
public enum MainView: Sendable, Equatable {
    case chat, memory, audit, integrations
}

/// Where keys go.
public enum Focus: Sendable, Equatable {
    case input, sidebar, transcript
}

/// The state of the whole console. Everything of the open workspace lives in
/// ``workspace``, which is dropped whole when the analyst switches — so no pane can show
/// anything of the old workspace once the switch starts.
public struct AppState: Sendable {
    /// Terminal columns.
    public var width: Int
    /// Terminal rows.
    public var height: Int
    /// Workspaces in the keyring.
    public var workspaces: [WorkspaceEntry] = []
    /// Whether the keyring has been read.
    public var workspacesLoaded = false
    /// The open workspace's state, or nil (none open, or passing through the airlock).
    public var workspace: WorkspaceState?
    /// Identifies the open workspace's runtime; results of older runtimes are ignored.
    public var epoch = 0
    /// The airlock: what is being switched, or how the last switch went.
    public var airlock: AirlockStatus = .idle
    /// The main view.
    public var view: MainView = .chat
    /// Where keys go.
    public var focus: Focus = .input
    /// Dialogs over everything, topmost last.
    public var dialogs: [Dialog] = []
    /// Whether the key help is showing.
    public var showingHelp = false
    /// The theme's name.
    public var themeName: String
    /// A short message in the status bar (errors and confirmations).
    public var notice: Notice?
    /// The gateway's last refusal, counted down in the status bar until it may be retried.
    public var rateLimit: RateLimitNotice?
    /// The signed-in user's email, once someone signed in.
    public var account: String?
    /// Whether the sign-in may use the OpenID Connect identity provider.
    public var signInOffersOpenID = false
    /// The sidebar's selection (workspaces first, then sessions).
    public var sidebarSelection = 0
    /// Set when the analyst asked to quit.
    public var quitting = false
    /// The current time, advanced by ticks (for countdowns).
    public var now: Date

    /// A console of `width`×`height` with theme `themeName`.
    public init(width: Int, height: Int, themeName: String, now: Date = Date()) {
        self.width = width
        self.height = height
        self.themeName = themeName
        self.now = now
    }

    /// The index of the open workspace in ``workspaces``.
    public var currentWorkspaceIndex: Int? {
        guard let id = workspace?.id ?? airlock.target else { return nil }
        return workspaces.firstIndex { $0.id == id }
    }
}

/// A one-line message for the status bar.
public struct Notice: Sendable, Equatable {
    /// How it is shown.
    public enum Kind: Sendable, Equatable { case info, error }
    /// The text (sanitized when drawn).
    public let text: String
    /// Info or error.
    public let kind: Kind

    /// Creates a notice.
    public init(_ text: String, kind: Kind = .info) {
        self.text = text
        self.kind = kind
    }
}

/// A refusal by the gateway's rate limits: why, and when the operation fits again.
public struct RateLimitNotice: Sendable, Equatable {
    /// The gateway's message (sanitized when drawn).
    public let message: String
    /// When a retry fits.
    public let retryAt: Date

    /// Creates a notice.
    public init(message: String, retryAt: Date) {
        self.message = message
        self.retryAt = retryAt
    }

    /// Whole seconds left at `now`, rounded up (0 once the retry fits).
    public func secondsLeft(at now: Date) -> Int {
        max(0, Int(retryAt.timeIntervalSince(now).rounded(.up)))
    }
}

/// The airlock between workspaces.
public enum AirlockStatus: Sendable, Equatable {
    /// Nothing happening.
    case idle
    /// Closing `from` and opening `to`.
    case cycling(from: WorkspaceID?, to: WorkspaceID)
    /// The last switch, with its teardown and build times.
    case passed(SwitchReport)
    /// Opening failed; nothing is open.
    case failed(WorkspaceID, String)

    /// The workspace being entered, while cycling.
    var target: WorkspaceID? {
        if case .cycling(_, let to) = self { to } else { nil }
    }
}

/// Everything of the open workspace the console shows.
public struct WorkspaceState: Sendable {
    /// The workspace.
    public let id: WorkspaceID
    /// Its name.
    public let name: String
    /// The model in use.
    public var model: ModelDescriptor
    /// Its sessions, most recent first.
    public var sessions: [ChatSession] = []
    /// The session in the chat pane (nil: the next message starts one).
    public var session: SessionKey?
    /// The chat pane.
    public var transcript = TranscriptState()
    /// The input box.
    public var input = InputState()
    /// Sent messages per session, for Up/Down recall.
    public var history: [SessionID: [String]] = [:]
    /// Tool calls waiting for the analyst, oldest first.
    public var approvals: [PendingApproval] = []
    /// The memory browser.
    public var memory = MemoryBrowserState()
    /// Recent audit events, oldest first.
    public var audit: [AuditEvent] = []
    /// The workspace's anomaly alerts, newest first (the status bar's badge, the audit view).
    public var alerts: [Alert] = []
    /// The selected alert in the audit view.
    public var alertSelection = 0
    /// Context tokens of the last request and the budget.
    public var contextTokens: (used: Int, budget: Int)?
    /// The context inspector's content, when open.
    public var inspectedContext: ModelContext?
    /// The integrations view: each integration with its connection state.
    public var integrations: [IntegrationRow] = []
    /// The selected integration.
    public var integrationSelection = 0
    /// Session search results shown in the sidebar instead of the sessions, when set.
    public var sessionSearch: (query: String, hits: [MessageSearchHit])?

    /// Alerts no analyst has acknowledged yet.
    public var unacknowledgedAlerts: [Alert] { alerts.filter { !$0.acknowledged } }

    /// Creates the state of a freshly opened workspace.
    public init(id: WorkspaceID, name: String, model: ModelDescriptor, sessions: [ChatSession]) {
        self.id = id
        self.name = name
        self.model = model
        self.sessions = sessions
    }
}

/// A tool call awaiting a decision, with when it will be denied by itself.
public struct PendingApproval: Sendable {
    /// The request.
    public let request: ApprovalRequest
    /// When the gate denies it unanswered.
    public let deadline: Date
    /// How far the arguments are scrolled.
    public var scroll = 0
}

/// The chat pane.
public struct TranscriptState: Sendable {
    /// The session's messages, oldest first.
    public var messages: [ChatMessage] = []
    /// The reply streaming now, if any.
    public var streaming: String?
    /// Whether a turn is running (from send until it ends).
    public var turnRunning = false
    /// Where the view is scrolled.
    public var scroll: ScrollPosition = .following
    /// Whether tool calls and results are shown in full.
    public var toolsExpanded = false
    /// Bumped whenever the content changes, for layout caches.
    public var revision = 0
}

/// Where the transcript is scrolled.
public enum ScrollPosition: Sendable, Equatable {
    /// Pinned to the bottom: new text stays in view.
    case following
    /// Reading: the top row shows line `line` of item `item` (messages, then the streaming
    /// reply); new text at the bottom does not move the view.
    case anchored(item: Int, line: Int)
}

/// The input box: multi-line text with a cursor.
public struct InputState: Sendable, Equatable {
    /// The text, character by character.
    public var characters: [Character] = []
    /// The cursor, an index into ``characters``.
    public var cursor = 0
    /// Which history entry is shown (nil: the draft).
    public var historyIndex: Int?
    /// The draft kept while browsing history.
    public var draft: [Character] = []

    /// The text.
    public var text: String { String(characters) }
}

/// The memory browser.
public struct MemoryBrowserState: Sendable {
    /// Only this kind, if set.
    public var kind: MemoryKind?
    /// The search text (empty: list all).
    public var query = ""
    /// What the list shows.
    public var items: [MemorySummary] = []
    /// Snippets of search hits, by id.
    public var snippets: [MemoryID: String] = [:]
    /// The selected row.
    public var selection = 0
    /// The selected document, once loaded.
    public var preview: MemoryDocument?
}

/// An integration as the integrations view lists it (labels only, never secrets).
public struct IntegrationRow: Sendable, Equatable {
    /// The integration.
    public let integration: Integration
    /// Whether it has an access token or API key.
    public let connected: Bool
    /// Labels of its credentials (`access token …a91f`).
    public let credentials: [String]
    /// When its access token expires, if known.
    public let expiresAt: Date?

    /// The row of `integration` with its stored (sealed) credentials.
    public init(_ integration: Integration, credentials: [SealedCredential]) {
        self.integration = integration
        connected = credentials.contains { $0.name == .accessToken || $0.name == .apiKey }
        self.credentials = credentials.map(\.label)
        expiresAt = credentials.first { $0.name == .accessToken }?.expiresAt
    }
}

/// A modal dialog.
public enum Dialog: Sendable, Equatable {
    /// Asks for one line of text.
    case prompt(PromptPurpose, title: String, text: [Character])
    /// Asks yes or no.
    case confirm(ConfirmPurpose, message: String)
    /// Shows text until a key is pressed (e.g. a new token, shown once).
    case message(title: String, body: String)
}

/// What a prompt's answer is for.
public enum PromptPurpose: Sendable, Equatable {
    case createWorkspace, renameSession, newSession, searchSessions, exportSession
    /// The `airlock integration add` arguments of a new integration.
    case addIntegration
    /// A secret for an integration; typed characters are shown as dots.
    case connectIntegration(IntegrationID)
    /// The email of the user signing in.
    case signInEmail
    /// The password of `email`; typed characters are shown as dots.
    case signInPassword(email: String)

    /// Whether what is typed must not be shown.
    public var isSecret: Bool {
        switch self {
        case .connectIntegration, .signInPassword: true
        default: false
        }
    }
}

/// What a confirmation is for.
public enum ConfirmPurpose: Sendable, Equatable {
    case deleteSession(SessionKey)
    case deleteMemory(MemoryID)
    case disconnectIntegration(IntegrationID)
    case removeIntegration(IntegrationID)
}
