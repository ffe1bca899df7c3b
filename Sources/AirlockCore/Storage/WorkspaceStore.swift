/// The data of one workspace: memory, chat sessions, integrations with their sealed
/// credentials, and the audit log.
///
/// A store is opened from a ``WorkspaceGrant`` and reaches that workspace only: every
/// statement is scoped to it, every call is audited in its log in the same transaction
/// (if the event cannot be written, the call fails and changes nothing), and no method
/// returns rows of another workspace. Items of other workspaces are reported as not found,
/// exactly like items that do not exist. After ``close()`` every call throws
/// ``StoreError/closed(_:)``.
///
/// ## Topics
/// - Memory: ``addMemory(_:)``, ``memory(_:)``, ``listMemory(kind:)``,
///   ``updateMemory(_:with:)``, ``removeMemory(_:)``, ``searchMemory(_:)``,
///   ``retrieveMemory(_:)``, ``pinnedMemory()``, ``memoryVersion()``
/// - Sessions: ``createSession(title:)``, ``sessions()``, ``session(_:)``,
///   ``renameSession(_:to:)``, ``deleteSession(_:)``, ``appendMessage(_:to:)``,
///   ``transcript(_:lastMessages:)``, ``searchMessages(_:)``
/// - Integrations: ``addIntegration(id:kind:name:settings:)``, ``integrations()``,
///   ``integration(_:)``, ``updateIntegrationSettings(_:_:)``, ``removeIntegration(_:)``
/// - Credentials (sealed; the store never sees a secret): ``putCredential(_:)``,
///   ``credential(_:_:)``, ``credentials(of:)``, ``removeCredentials(of:)``,
///   ``recordCredentialUse(integration:tool:endpoint:status:)``
/// - Audit: ``auditEvents(last:)``, ``verifyAudit()``
/// - Moving: ``snapshot()``
/// - Alerts: ``alerts(limit:)``, ``acknowledgeAlert(_:)``, ``recordApproval(tool:outcome:)``,
///   ``reportFailedSignIns(_:)``
public protocol WorkspaceStore: AnyObject, Sendable {
    /// The workspace this store reaches.
    var workspaceID: WorkspaceID { get }

    /// Adds a memory document.
    func addMemory(_ draft: MemoryDraft) async throws -> MemoryDocument
    /// The memory document `id`.
    func memory(_ id: MemoryID) async throws -> MemoryDocument
    /// All memory documents (optionally of one kind), pinned first, then newest first.
    func listMemory(kind: MemoryKind?) async throws -> [MemorySummary]
    /// Applies `patch` to document `id`.
    func updateMemory(_ id: MemoryID, with patch: MemoryPatch) async throws -> MemoryDocument
    /// Removes document `id`.
    func removeMemory(_ id: MemoryID) async throws
    /// Full-text search over titles, tags and bodies, best match first.
    func searchMemory(_ query: MemorySearchQuery) async throws -> [MemorySearchHit]
    /// Whole documents matching `query`, best first (retrieval for the model's context).
    func retrieveMemory(_ query: MemorySearchQuery) async throws -> [MemoryDocument]
    /// Every pinned document, oldest first (the workspace's standing instructions).
    func pinnedMemory() async throws -> [MemoryDocument]
    /// A number that changes whenever any memory document is added, changed or removed;
    /// caches of memory are keyed by it. Not audited: it reveals no content.
    func memoryVersion() async throws -> Int64

    /// Starts a new, empty chat session.
    func createSession(title: String) async throws -> ChatSession
    /// All sessions, most recently active first.
    func sessions() async throws -> [ChatSession]
    /// The session `key` — after checking it belongs to this workspace.
    func session(_ key: SessionKey) async throws -> ChatSession
    /// Gives session `key` a new title.
    func renameSession(_ key: SessionKey, to title: String) async throws -> ChatSession
    /// Deletes session `key` and its messages.
    func deleteSession(_ key: SessionKey) async throws
    /// Appends a message to session `key`.
    func appendMessage(_ draft: MessageDraft, to key: SessionKey) async throws -> ChatMessage
    /// Session `key` with its messages (all of them, or only the last `lastMessages`).
    func transcript(_ key: SessionKey, lastMessages: Int?) async throws -> SessionTranscript
    /// Full-text search over the messages of every session of this workspace.
    func searchMessages(_ query: MessageSearchQuery) async throws -> [MessageSearchHit]

    /// Adds an integration.
    ///
    /// - Throws: ``StoreError/integrationExists(_:)`` if the id is taken; ``InputError``
    ///   for a bad name.
    func addIntegration(id: IntegrationID, kind: IntegrationKind, name: String, settings: IntegrationSettings) async throws -> Integration
    /// All integrations, by id.
    func integrations() async throws -> [Integration]
    /// The integration `id`.
    func integration(_ id: IntegrationID) async throws -> Integration
    /// Replaces the settings of integration `id`.
    func updateIntegrationSettings(_ id: IntegrationID, _ settings: IntegrationSettings) async throws -> Integration
    /// Removes integration `id` and its credentials.
    func removeIntegration(_ id: IntegrationID) async throws

    /// Stores a sealed credential, replacing one of the same integration and name.
    ///
    /// - Throws: ``StoreError/integrationNotFound(_:)`` unless its integration exists;
    ///   ``InputError`` for a bad label or sealed bytes of impossible size.
    func putCredential(_ credential: SealedCredential) async throws
    /// Credential `name` of `integration`, or nil if it has none of that name.
    func credential(_ integration: IntegrationID, _ name: CredentialName) async throws -> SealedCredential?
    /// Every credential of `integration`, by name.
    func credentials(of integration: IntegrationID) async throws -> [SealedCredential]
    /// Removes every credential of `integration` (disconnecting it).
    func removeCredentials(of integration: IntegrationID) async throws
    /// Records that `tool` sent `integration`'s credentials to `endpoint` and got HTTP
    /// `status`; only the endpoint's host and path are kept.
    func recordCredentialUse(integration: IntegrationID, tool: String, endpoint: String, status: Int) async throws

    /// The audit log (all of it, or only the last `last` events), oldest first.
    func auditEvents(last: Int?) async throws -> [AuditEvent]
    /// Walks the whole audit chain and checks its sealed head.
    func verifyAudit() async throws -> AuditVerification

    /// The workspace's anomaly alerts (all of them, or the newest `limit`), newest first,
    /// after checking the audit events not yet seen by the anomaly detector.
    func alerts(limit: Int?) async throws -> [Alert]
    /// Marks alert `id` as acknowledged.
    ///
    /// - Throws: ``StoreError/alertNotFound(_:)`` unless this workspace has that alert.
    func acknowledgeAlert(_ id: AlertID) async throws -> Alert
    /// Records what the approval gate decided about a call of `tool`
    /// (`approval.allowed` or `approval.denied`); denials feed the anomaly detector.
    func recordApproval(tool: String, outcome: ApprovalVerdict) async throws
    /// Records `count` failed sign-in or token attempts on this workspace since it was last
    /// opened, counted outside it; stores and returns an alert if that reaches the threshold.
    /// Call right after opening the workspace; a count of 0 records nothing.
    func reportFailedSignIns(_ count: Int) async throws -> Alert?

    /// Everything the workspace holds, read in one consistent view, for moving it to another
    /// backend; recorded as one `workspace.export` event, which the snapshot's audit log
    /// (the log before it) does not contain.
    func snapshot() async throws -> WorkspaceSnapshot

    /// Closes the store; later calls throw ``StoreError/closed(_:)``.
    func close() async
}

/// The outcome of verifying an audit chain.
public enum AuditVerification: Sendable, Equatable {
    /// Every event verified and the chain ends at the sealed head.
    case intact(events: Int64)
    /// The first place the chain fails.
    case broken(AuditBreak)
}
