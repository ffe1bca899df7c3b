import AirlockAgent
import AirlockCore
import Foundation

/// Everything that can change the console's state: terminal input, the clock, and
/// results of effects. Results about a workspace carry the epoch of the runtime that
/// produced them; the reducer drops those of runtimes that are gone.
public enum AppEvent: Sendable {
    /// A key, a paste or a resize.
    case input(TerminalInput)
    /// Time passed (for countdowns).
    case tick(Date)
    /// The keyring's workspaces.
    case workspacesLoaded([WorkspaceEntry])
    /// A workspace was created (its token was shown and saved).
    case workspaceCreated(WorkspaceEntry, token: String)
    /// The airlock opened a workspace.
    case workspaceOpened(epoch: Int, WorkspaceState, SwitchReport)
    /// Opening a workspace failed; nothing is open.
    case workspaceFailed(WorkspaceID, String)
    /// Something happened in the open workspace.
    case workspace(epoch: Int, WorkspaceEvent)
    /// A theme was loaded (with the error that made it fall back, if any).
    case themeChanged(Theme, error: String?)
    /// A message for the status bar.
    case notice(Notice)
    /// The gateway refused an operation over a rate limit; `message` says which, and a
    /// retry fits at `retryAt`.
    case rateLimited(message: String, retryAt: Date)
    /// The home has users: someone must sign in (or choose the keyring's tokens) first.
    case signInRequired(openIDConnect: Bool)
    /// The identity provider waits for the analyst: where to go and what to enter.
    case signInCode(userCode: String, url: String)
    /// `account` signed in; these are its workspaces (and memberships that need a new grant).
    case signedIn(account: String, workspaces: [WorkspaceEntry], outdated: [WorkspaceID])
    /// A sign-in was refused; `message` says why (the same words for every wrong credential).
    case signInFailed(String)
}

/// Results of effects on the open workspace.
public enum WorkspaceEvent: Sendable {
    case sessionsLoaded([ChatSession])
    case transcriptLoaded(SessionTranscript)
    /// A session was created for the next message (or by `/new`).
    case sessionStarted(ChatSession)
    case agent(AgentEvent)
    /// The turn ended (normally, cancelled or with an error message).
    case turnEnded(error: String?)
    case approvalRequested(ApprovalRequest, deadline: Date)
    case memoryListed([MemorySummary], snippets: [MemoryID: String])
    case memoryLoaded(MemoryDocument)
    case contextInspected(ModelContext)
    case auditLoaded([AuditEvent])
    /// The workspace's alerts, newest first.
    case alertsLoaded([Alert])
    case sessionExported(path: String)
    case sessionSearchResults(query: String, [MessageSearchHit])
    case integrationsLoaded([IntegrationRow])
    /// The OAuth device flow waits for the analyst: where to go and what to enter.
    case deviceCode(IntegrationID, userCode: String, url: String)
    case failed(String)
}

/// Work the console asks of the effect runner. Effects never name a workspace except
/// ``openWorkspace(_:)``: the runner applies them to the open runtime.
public enum Effect: Sendable, Equatable {
    case loadWorkspaces
    /// Signs in with an email and password (kept only in this effect, never in the state).
    case signIn(email: String, password: String)
    /// Signs in through the OpenID Connect identity provider, as `email` if given.
    case signInWithOpenID(email: String?)
    /// Skips signing in: the workspaces of the keyring, opened with their tokens.
    case useKeyringTokens
    case createWorkspace(name: String)
    case openWorkspace(WorkspaceID)
    case loadSessions
    case loadTranscript(SessionKey)
    case newSession(title: String)
    case renameSession(SessionKey, title: String)
    case deleteSession(SessionKey)
    case exportSession(SessionKey, path: String)
    case searchSessions(String)
    case send(String, session: SessionKey?)
    case cancelTurn
    case answerApproval(UUID, ApprovalDecision)
    case listMemory(kind: MemoryKind?, query: String)
    case loadMemory(MemoryID)
    case deleteMemory(MemoryID)
    case setPinned(MemoryID, Bool)
    case editMemory(MemoryID?, kind: MemoryKind)
    case inspectContext(message: String, session: SessionKey?)
    case loadAudit
    /// Loads the workspace's alerts (after the detector has looked at new events).
    case loadAlerts
    case acknowledgeAlert(AlertID)
    case loadIntegrations
    /// Adds an integration from `airlock integration add` arguments (after `--workspace`).
    case addIntegration(arguments: String)
    /// Connects with a pasted secret, or by the OAuth device flow when `secret` is nil.
    case connectIntegration(IntegrationID, secret: String?)
    case disconnectIntegration(IntegrationID)
    case removeIntegration(IntegrationID)
    case loadTheme(String)
    case quit
}
