import AirlockAgent
import AirlockCore
import AirlockStore
import AirlockTUI
import Foundation

/// Carries out the console's effects against the agent core and posts the results back
/// as events, each tagged with the epoch (runtime) it belongs to.
///
/// The runner owns the ``RuntimeSwitcher``: opening a workspace closes the previous
/// runtime completely first, which cancels its turn and denies its pending approvals.
actor EffectRunner {
    private let gateway: Gateway
    private var manager: WorkspaceManager { gateway.manager }
    private let keyring: Keyring
    private let configuration: AirlockConfiguration
    private let environment: [String: String]
    /// Who acts: the console's user, or the signed-in account.
    private var actor: AuditActor
    /// The signed-in account's workspaces and their tokens, held for this console only.
    private var signedIn: SignedIn?
    /// Whether the analyst chose the keyring's tokens instead of signing in.
    private var usingKeyring = false
    /// A sign-in through the identity provider, waiting for the analyst.
    private var signInFlow: Task<Void, Never>?
    private let post: @Sendable (AppEvent) -> Void
    private let editor: MemoryEditor
    private let themes: ThemeLibrary
    private let switcher: RuntimeSwitcher
    private var connection: ModelConnection?
    private var turn: Task<Void, Never>?
    /// A device flow waiting for the analyst; it belongs to the open workspace.
    private var deviceFlow: Task<Void, Never>?
    private var approvals: [UUID: CheckedContinuation<ApprovalDecision, Never>] = [:]
    /// When a memory search was last counted: keystrokes refining it soon after are the
    /// same search, not another API operation each.
    private var memorySearchCountedAt: Date?
    /// The open workspace's grant, for the gateway's admission of each effect.
    private var grant: WorkspaceGrant?

    init(gateway: Gateway, keyring: Keyring, configuration: AirlockConfiguration, environment: [String: String],
         actor: AuditActor, editor: MemoryEditor, themes: ThemeLibrary, post: @escaping @Sendable (AppEvent) -> Void) {
        self.gateway = gateway
        self.keyring = keyring
        self.configuration = configuration
        self.environment = environment
        self.actor = actor
        self.editor = editor
        self.themes = themes
        self.post = post
        let holder = ConnectionHolder()
        self.holder = holder
        switcher = RuntimeSwitcher { grant in
            guard let provider = await holder.provider else { throw ProviderError.notConfigured("no model connection") }
            return try await WorkspaceRuntime.open(
                grant, manager: gateway.manager,
                settings: AgentSettings(provider: provider, contextBudget: configuration.contextBudget,
                                        approvalPolicy: configuration.approvalPolicy(for: grant.workspaceID)),
                admission: gateway.admission(for: grant)
            )
        }
    }

    private let holder: ConnectionHolder

    /// Runs `effect`, issued while `epoch` was current.
    func perform(_ effect: Effect, epoch: Int) async {
        do {
            try await run(effect, epoch: epoch)
        } catch {
            reportIfLimited(error)
            if case .openWorkspace(let id) = effect {
                post(.workspaceFailed(id, String(describing: error)))
            } else {
                post(.workspace(epoch: epoch, .failed(String(describing: error))))
            }
        }
    }

    /// Closes everything: the runtime (cancelling its turn), the model connection, the registry.
    func shutdown() async {
        denyPendingApprovals()
        turn?.cancel()
        deviceFlow?.cancel()
        signInFlow?.cancel()
        await switcher.close()
        await connection?.close()
        connection = nil
        await manager.close()
    }

    private func run(_ effect: Effect, epoch: Int) async throws {
        switch effect {
        case .loadWorkspaces:
            if signedIn == nil, !usingKeyring, try await gateway.homeHasUsers() {
                post(.signInRequired(openIDConnect: configuration.access.openID != nil))
            } else {
                post(.workspacesLoaded(try await workspaceEntries()))
            }
        case .useKeyringTokens:
            usingKeyring = true
            post(.workspacesLoaded(try await workspaceEntries()))
        case .signIn(let email, let password):
            do {
                accept(try await gateway.signIn.password(email: email, password: password))
            } catch {
                reportIfLimited(error)
                post(.signInFailed(String(describing: error)))
            }
        case .signInWithOpenID(let email):
            signInWithOpenID(email)
        case .createWorkspace(let name):
            let created = try await manager.createWorkspace(name: name, id: nil, actor: actor)
            try keyring.save(KeyringEntry(home: manager.home, workspace: created.record.id, name: created.record.name, token: created.token))
            post(.workspaceCreated(WorkspaceEntry(id: created.record.id, name: created.record.name), token: created.token.revealed))
        case .openWorkspace(let id):
            try await open(id, epoch: epoch)
        case .quit:
            break
        case .loadTheme(let name):
            let choice = themes.loadOrBuiltIn(name)
            post(.themeChanged(choice.theme, error: choice.error?.description))
        default:
            try await workspaceEffect(effect, epoch: epoch)
        }
    }

    private func open(_ id: WorkspaceID, epoch: Int) async throws {
        denyPendingApprovals()
        turn?.cancel()
        turn = nil
        deviceFlow?.cancel()
        deviceFlow = nil
        grant = nil
        guard let token = try signedIn?.workspaces.first(where: { $0.workspaceID == id })?.token ?? keyring.token(for: id, in: manager.home) else {
            throw CLIError.noToken(id)
        }
        let grant = try await gateway.enter(id, token: token, actor: actor, for: .api)
        if connection == nil {
            post(.notice(Notice("Starting the model…")))
            let opened = try await ModelConnection.open(configuration, environment: environment)
            connection = opened
            await holder.set(opened.provider)
        }
        let report = try await switcher.switchTo(grant)
        guard let runtime = await switcher.current else { return }
        self.grant = grant
        let store = try await runtime.openStore()
        let record = try await manager.record(for: grant)
        let state = WorkspaceState(id: id, name: record.name, model: runtime.model, sessions: try await store.sessions())
        post(.workspaceOpened(epoch: epoch, state, report))
    }

    private func workspaceEffect(_ effect: Effect, epoch: Int) async throws {
        guard let runtime = await switcher.current, let grant else { return }
        if countsAsOperation(effect) { try gateway.admit(grant, .api) }
        let store = try await runtime.openStore()
        let emit = { @Sendable (event: WorkspaceEvent) in self.post(.workspace(epoch: epoch, event)) }
        switch effect {
        case .loadSessions:
            emit(.sessionsLoaded(try await store.sessions()))
        case .loadTranscript(let key):
            emit(.transcriptLoaded(try await store.transcript(key, lastMessages: nil)))
        case .newSession(let title):
            emit(.sessionStarted(try await store.createSession(title: title)))
            emit(.transcriptLoaded(try await store.transcript(try await store.sessions()[0].key, lastMessages: nil)))
        case .renameSession(let key, let title):
            _ = try await store.renameSession(key, to: title)
            emit(.sessionsLoaded(try await store.sessions()))
        case .deleteSession(let key):
            try await store.deleteSession(key)
            emit(.sessionsLoaded(try await store.sessions()))
        case .exportSession(let key, let path):
            let transcript = try await store.transcript(key, lastMessages: nil)
            try ExportFile.write(TranscriptMarkdown.render(transcript), to: path)
            emit(.sessionExported(path: path))
        case .searchSessions(let text):
            emit(.sessionSearchResults(query: text, try await store.searchMessages(try MessageSearchQuery(text, limit: 100))))
        case .send(let text, let session):
            try await send(text, session: session, runtime: runtime, store: store, emit: emit)
        case .cancelTurn:
            turn?.cancel()
        case .answerApproval(let id, let decision):
            approvals.removeValue(forKey: id)?.resume(returning: decision)
        case .listMemory(let kind, let query):
            if query.trimmingCharacters(in: .whitespaces).isEmpty {
                emit(.memoryListed(try await store.listMemory(kind: kind), snippets: [:]))
            } else {
                let hits = try await store.searchMemory(try MemorySearchQuery(query, limit: 200, kind: kind))
                emit(.memoryListed(hits.map(\.memory), snippets: Dictionary(hits.map { ($0.memory.id, $0.snippet) }) { first, _ in first }))
            }
        case .loadMemory(let id):
            emit(.memoryLoaded(try await store.memory(id)))
        case .deleteMemory(let id):
            try await store.removeMemory(id)
            emit(.memoryListed(try await store.listMemory(kind: nil), snippets: [:]))
        case .setPinned(let id, let pinned):
            emit(.memoryLoaded(try await store.updateMemory(id, with: try MemoryPatch(pinned: pinned))))
            emit(.memoryListed(try await store.listMemory(kind: nil), snippets: [:]))
        case .editMemory(let id, let kind):
            var existing: MemoryDocument?
            if let id { existing = try await store.memory(id) }
            if let saved = try await editor.edit(existing, kind: kind, store: store) {
                emit(.memoryListed(try await store.listMemory(kind: nil), snippets: [:]))
                emit(.memoryLoaded(saved))
            }
        case .inspectContext(let message, let session):
            emit(.contextInspected(try await runtime.context(for: message, in: session)))
        case .loadAudit:
            emit(.auditLoaded(try await store.auditEvents(last: 500)))
        case .loadAlerts:
            emit(.alertsLoaded(try await store.alerts(limit: Self.alertLimit)))
        case .acknowledgeAlert(let id):
            _ = try await store.acknowledgeAlert(id)
            emit(.alertsLoaded(try await store.alerts(limit: Self.alertLimit)))
            emit(.auditLoaded(try await store.auditEvents(last: 500)))
        case .loadIntegrations:
            emit(.integrationsLoaded(try await Self.integrationRows(store)))
        case .addIntegration(let arguments):
            let tokens = arguments.split(whereSeparator: \.isWhitespace).map(String.init)
            let (id, kind, name, settings) = try IntegrationAddCommand.parse(["--workspace", runtime.workspaceID.rawValue] + tokens).specification()
            _ = try await store.addIntegration(id: id, kind: kind, name: name, settings: settings)
            emit(.integrationsLoaded(try await Self.integrationRows(store)))
        case .connectIntegration(let id, let secret?):
            let integration = try await store.integration(id)
            let labels = try await runtime.integrationConnector().store(try IntegrationConnectCommand.parse(secret, auth: integration.settings.auth), for: id, expiresAt: nil)
            post(.notice(Notice("Connected \(id): " + labels.joined(separator: ", "))))
            emit(.integrationsLoaded(try await Self.integrationRows(store)))
        case .connectIntegration(let id, nil):
            let connector = try await runtime.integrationConnector()
            deviceFlow?.cancel()
            deviceFlow = Task {
                do {
                    let labels = try await connector.connectByDevice(id, clientSecret: nil) { authorization in
                        emit(.deviceCode(id, userCode: authorization.userCode, url: authorization.verificationURIComplete ?? authorization.verificationURI))
                    }
                    self.post(.notice(Notice("Connected \(id): " + labels.joined(separator: ", "))))
                    emit(.integrationsLoaded(try await Self.integrationRows(store)))
                } catch {
                    emit(.failed(String(describing: error)))
                }
            }
        case .disconnectIntegration(let id):
            try await store.removeCredentials(of: id)
            emit(.integrationsLoaded(try await Self.integrationRows(store)))
        case .removeIntegration(let id):
            try await store.removeIntegration(id)
            emit(.integrationsLoaded(try await Self.integrationRows(store)))
        case .loadWorkspaces, .createWorkspace, .openWorkspace, .loadTheme, .quit, .signIn, .signInWithOpenID, .useKeyringTokens:
            break
        }
    }

    /// Whether `effect` is an API operation of the workspace for the gateway: everything
    /// that reads or changes its data, except a chat message (counted as one by the
    /// runtime), answers to approvals (the tool call counts), cancelling, and the
    /// refreshes of the session list and alert badge that follow other operations.
    /// Keystrokes refining a memory search less than two seconds apart are one search.
    private func countsAsOperation(_ effect: Effect) -> Bool {
        switch effect {
        case .send, .cancelTurn, .answerApproval, .loadSessions, .loadAlerts:
            return false
        case .listMemory(_, let query) where !query.trimmingCharacters(in: .whitespaces).isEmpty:
            let now = Date()
            if let counted = memorySearchCountedAt, now.timeIntervalSince(counted) < 2 {
                memorySearchCountedAt = now
                return false
            }
            memorySearchCountedAt = now
            return true
        default:
            return true
        }
    }

    /// The workspaces to list: the signed-in account's, else the keyring's.
    private func workspaceEntries() async throws -> [WorkspaceEntry] {
        guard let signedIn else {
            return try keyring.entries(for: manager.home).map { WorkspaceEntry(id: $0.workspace, name: $0.name) }
        }
        var entries: [WorkspaceEntry] = []
        for access in signedIn.workspaces {
            entries.append(WorkspaceEntry(id: access.workspaceID, name: try await manager.record(for: access.grant).name))
        }
        return entries
    }

    /// Keeps what a sign-in opened for this console (never in the keyring) and lists it.
    private func accept(_ account: SignedIn) {
        signedIn = account
        actor = account.email.actor
        Task {
            do {
                let entries = try await self.workspaceEntries()
                self.post(.signedIn(account: account.email.rawValue, workspaces: entries, outdated: account.outdated))
            } catch {
                self.post(.signInFailed(String(describing: error)))
            }
        }
    }

    /// Starts the identity provider's device flow; its code is shown, and the sign-in
    /// finishes when the analyst has approved it.
    private func signInWithOpenID(_ email: String?) {
        guard let settings = configuration.access.openID else {
            post(.signInFailed(SignInCommandError.missingClientID.description))
            return
        }
        signInFlow?.cancel()
        signInFlow = Task {
            let http = IntegrationHTTP()
            do {
                let expected = try email.map { text throws(InputError) in try AccountEmail(text) }
                let openID = OpenIDSignIn(settings: settings, signIn: gateway.signIn, http: http)
                let pending = try await openID.start()
                let authorization = pending.authorization
                post(.signInCode(userCode: authorization.userCode, url: authorization.verificationURIComplete ?? authorization.verificationURI))
                accept(try await openID.finish(pending, expecting: expected))
            } catch is CancellationError {
            } catch {
                reportIfLimited(error)
                post(.signInFailed(String(describing: error)))
            }
            await http.shutdown()
        }
    }

    /// Shows a rate-limit refusal in the status bar until its retry time.
    private func reportIfLimited(_ error: any Error) {
        guard let limited = error as? RateLimitError, case .limited(_, _, _, _, let retryAt, _) = limited else { return }
        post(.rateLimited(message: limited.description, retryAt: retryAt))
    }

    private func send(_ text: String, session: SessionKey?, runtime: WorkspaceRuntime, store: any WorkspaceStore, emit: @escaping @Sendable (WorkspaceEvent) -> Void) async throws {
        // The runtime counts the message; until then nothing (not even its new session)
        // may be made if it could not be sent.
        do {
            if let grant { try gateway.ensureRoom(grant, .chat) }
        } catch {
            reportIfLimited(error)
            emit(.turnEnded(error: String(describing: error)))
            return
        }
        let key: SessionKey
        if let session {
            key = session
        } else {
            let created = try await store.createSession(title: ChatCommand.title(for: text))
            emit(.sessionStarted(created))
            key = created.key
        }
        let timeout = configuration.approvalPolicy(for: runtime.workspaceID).timeout
        let stream = await runtime.send(text, in: key) { [weak self] request in
            await self?.ask(request, timeout: timeout, emit: emit) ?? .deny
        }
        turn = Task {
            do {
                for try await event in stream { emit(.agent(event)) }
                emit(.turnEnded(error: Task.isCancelled ? "Stopped." : nil))
            } catch is CancellationError {
                emit(.turnEnded(error: "Stopped."))
            } catch {
                self.reportIfLimited(error)
                emit(.turnEnded(error: String(describing: error)))
            }
        }
    }

    private func ask(_ request: ApprovalRequest, timeout: Duration, emit: @Sendable (WorkspaceEvent) -> Void) async -> ApprovalDecision {
        let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
        emit(.approvalRequested(request, deadline: Date().addingTimeInterval(seconds)))
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                if Task.isCancelled { return continuation.resume(returning: .deny) }
                approvals[request.id] = continuation
            }
        } onCancel: {
            Task { await self.withdraw(request.id) }
        }
    }

    /// Denies a request whose asker gave up (the gate timed out or the turn stopped).
    private func withdraw(_ id: UUID) {
        approvals.removeValue(forKey: id)?.resume(returning: .deny)
    }

    private func denyPendingApprovals() {
        for continuation in approvals.values { continuation.resume(returning: .deny) }
        approvals.removeAll()
    }
}

extension EffectRunner {
    /// The most alerts the console loads (newest first); the badge counts those unacknowledged.
    static let alertLimit = 500

    /// The integrations of `store` with the state of their credentials.
    static func integrationRows(_ store: any WorkspaceStore) async throws -> [IntegrationRow] {
        var rows: [IntegrationRow] = []
        for integration in try await store.integrations() {
            rows.append(IntegrationRow(integration, credentials: try await store.credentials(of: integration.id)))
        }
        return rows
    }
}

/// The provider the switcher's opener uses, set once the model connection is open.
private actor ConnectionHolder {
    private(set) var provider: (any ModelProvider)?

    func set(_ provider: any ModelProvider) {
        self.provider = provider
    }
}
