import AirlockCore
import AirlockStore
import Foundation

/// Turns, model steps and server-reported tokens of one runtime.
public struct RuntimeUsage: Sendable, Equatable {
    /// Turns completed.
    public var turns = 0
    /// Model steps taken.
    public var modelSteps = 0
    /// Request tokens reported by the server.
    public var inputTokens = 0
    /// Generated tokens reported by the server.
    public var outputTokens = 0

    /// Creates counters (zero unless given).
    public init(turns: Int = 0, modelSteps: Int = 0, inputTokens: Int = 0, outputTokens: Int = 0) {
        self.turns = turns
        self.modelSteps = modelSteps
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
    }
}

/// Everything of one open workspace — the airlock's inner chamber.
///
/// A runtime is opened from a ``WorkspaceGrant`` and owns the workspace's store handle,
/// its component cache, tools, approval gate, usage counters and in-flight turns. Nothing in it can reach
/// another workspace: the store is scoped to the grant, the cache is keyed by this
/// workspace, and tools see only this store. ``close()`` tears it all down: in-flight
/// model and tool requests are cancelled, pending approvals are denied, the cache is
/// dropped and the store closed (releasing its file descriptors and the audit key it held).
public actor WorkspaceRuntime {
    /// The workspace.
    public nonisolated let workspaceID: WorkspaceID
    /// Its display name.
    public nonisolated let workspaceName: String
    /// The model in use.
    public nonisolated let model: ModelDescriptor

    private var store: (any WorkspaceStore)?
    nonisolated let cache: ComponentCache
    private let gate: ApprovalGate
    private let baseTools: ToolSet
    private let settings: AgentSettings
    /// Admits each chat message and tool call (the gateway's limits for this workspace).
    private let admission: OperationAdmission
    /// The workspace's data key, for its integrations' credentials (the only copy in the runtime).
    private let vault: CredentialVault
    /// The transport integration tools send through; its connections close with the runtime.
    private let http: IntegrationHTTP
    private var turns: [UUID: Task<Void, Never>] = [:]
    /// What this runtime has used since it was opened.
    public private(set) var usage = RuntimeUsage()

    private init(store: any WorkspaceStore, vault: CredentialVault, name: String, settings: AgentSettings, tools: ToolSet, admission: OperationAdmission) {
        workspaceID = store.workspaceID
        workspaceName = name
        model = settings.provider.descriptor
        self.store = store
        self.vault = vault
        self.http = IntegrationHTTP()
        self.cache = ComponentCache(workspace: store.workspaceID)
        self.gate = ApprovalGate(policy: settings.approvalPolicy)
        self.baseTools = tools
        self.settings = settings
        self.admission = admission
    }

    /// Opens the granted workspace; `admission` admits each chat message and tool call
    /// (pass the gateway's ``Gateway/admission(for:)``; ``OperationAdmission/unlimited``
    /// only where no gateway applies).
    ///
    /// - Throws: whatever ``WorkspaceManager/open(_:)`` throws.
    public static func open(_ grant: WorkspaceGrant, manager: WorkspaceManager, settings: AgentSettings, tools: ToolSet = .workspaceTools,
                            admission: OperationAdmission) async throws -> WorkspaceRuntime {
        let record = try await manager.record(for: grant)
        let vault = try await manager.openVault(grant)
        do {
            let store = try await manager.open(grant)
            return WorkspaceRuntime(store: store, vault: vault, name: record.name, settings: settings, tools: tools, admission: admission)
        } catch {
            vault.close()
            throw error
        }
    }

    /// Whether the runtime has been closed.
    public var isClosed: Bool { store == nil }

    /// The runtime's store, while open.
    ///
    /// - Throws: ``StoreError/closed(_:)`` after ``close()``.
    public func openStore() throws -> any WorkspaceStore {
        guard let store else { throw StoreError.closed(workspaceID) }
        return store
    }

    /// Connects this workspace's integrations with its own vault and transport.
    public func integrationConnector() throws -> IntegrationConnector {
        IntegrationConnector(store: try openStore(), vault: vault, http: http)
    }

    /// The tool calls waiting for the analyst.
    public func pendingApprovals() async -> [ApprovalRequest] {
        await gate.pendingRequests
    }

    /// The context that answering `message` in `session` would send, without sending or
    /// saving anything.
    public func context(for message: String, in session: SessionKey?) async throws -> ModelContext {
        try await settings.builder.build(from: try await contextSource(tools: try await currentTools()), session: session, newMessage: message)
    }

    /// Sends `message` in `session` and streams the turn's events. Cancelling the
    /// consumer, or closing the runtime, cancels the turn. A message the admission
    /// refuses ends the stream with its ``RateLimitError`` before anything is saved or sent.
    public func send(_ message: String, in session: SessionKey, approvals: @escaping ApprovalHandler) -> AsyncThrowingStream<AgentEvent, any Error> {
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: AgentEvent.self)
        do {
            try admission.admit(.chat)
        } catch {
            continuation.finish(throwing: error)
            return stream
        }
        let id = UUID()
        let task = Task { [weak self] in
            do {
                guard let self else { throw CancellationError() }
                let tools = try await self.currentTools()
                let loop = AgentLoop(source: try await self.contextSource(tools: tools), builder: self.settings.builder, provider: self.settings.provider,
                                     tools: tools, gate: self.gate, stepLimit: self.settings.stepLimit, admission: self.admission)
                let summary = try await loop.run(message, in: session, approvals: approvals) { event in
                    if !Task.isCancelled { continuation.yield(event) }
                }
                await self.count(summary)
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
            await self?.turnEnded(id)
        }
        turns[id] = task
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    /// Tears the runtime down; afterwards nothing of it is reachable. Safe to call twice.
    public func close() async {
        let running = Array(turns.values)
        running.forEach { $0.cancel() }
        await gate.close()
        for turn in running { await turn.value }
        turns.removeAll()
        await cache.clear()
        vault.close()
        await http.shutdown()
        await store?.close()
        store = nil
    }

    private func count(_ summary: TurnSummary) {
        usage.turns += 1
        usage.modelSteps += summary.steps
        usage.inputTokens += summary.usage?.inputTokens ?? 0
        usage.outputTokens += summary.usage?.outputTokens ?? 0
    }

    private func turnEnded(_ id: UUID) {
        turns[id] = nil
    }

    /// The workspace tools and, built fresh, those of the workspace's integrations.
    private func currentTools() async throws -> ToolSet {
        let store = try openStore()
        let integrations = try await store.integrations()
        guard !integrations.isEmpty else { return baseTools }
        var labels: [IntegrationID: String] = [:]
        for integration in integrations {
            let credentials = try await store.credentials(of: integration.id)
            labels[integration.id] = (credentials.first { $0.name == .accessToken } ?? credentials.first { $0.name == .apiKey })?.label
        }
        let source = IntegrationCredentialSource(store: store, vault: vault, http: http, clock: SystemClock())
        return ToolSet(baseTools.tools + IntegrationTools.tools(for: integrations, source: source, labels: labels))
    }

    private func contextSource(tools: ToolSet) throws -> ContextBuilder.Source {
        ContextBuilder.Source(
            store: try openStore(), workspaceName: workspaceName, cache: cache,
            tools: model.supportsTools ? tools.definitions : []
        )
    }
}
