import AirlockAgent
import AirlockCore
import AirlockStore
import AirlockTestSupport
import Foundation
import Synchronization
import Testing

/// A model provider in the test process: each request takes the next script.
final class ScriptedProvider: ModelProvider {
    /// What one request streams.
    enum Script: Sendable {
        /// These events, with `delay` before each.
        case events([ModelEvent], delay: Duration = .zero)
        /// Text every few milliseconds until the consumer cancels.
        case endless(String)
    }

    let descriptor: ModelDescriptor
    private let state = Mutex<(scripts: [Script], requests: [ModelRequest], cancelled: Int)>(([], [], 0))

    init(supportsTools: Bool = true, contextWindow: Int = 8192, scripts: [Script] = []) {
        descriptor = ModelDescriptor(provider: "scripted", model: "scripted", contextWindow: contextWindow, supportsTools: supportsTools)
        state.withLock { $0.scripts = scripts }
    }

    /// Adds a script for a later request.
    func enqueue(_ script: Script) {
        state.withLock { $0.scripts.append(script) }
    }

    /// Every request received, in order.
    var requests: [ModelRequest] { state.withLock { $0.requests } }

    /// How many streams ended because their consumer cancelled.
    var cancelledStreams: Int { state.withLock { $0.cancelled } }

    func stream(_ request: ModelRequest) -> AsyncThrowingStream<ModelEvent, any Error> {
        let script: Script? = state.withLock { state in
            state.requests.append(request)
            return state.scripts.isEmpty ? nil : state.scripts.removeFirst()
        }
        return AsyncThrowingStream { continuation in
            let task = Task { [self] in
                do {
                    switch script {
                    case .none:
                        continuation.finish(throwing: ProviderError.malformedResponse("no script left"))
                        return
                    case .events(let events, let delay)?:
                        for event in events {
                            if delay > .zero { try await Task.sleep(for: delay) }
                            continuation.yield(event)
                        }
                    case .endless(let text)?:
                        while true {
                            try await Task.sleep(for: .milliseconds(5))
                            continuation.yield(.text(text))
                        }
                    }
                    continuation.finish()
                } catch {
                    self.state.withLock { $0.cancelled += 1 }
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}

extension ScriptedProvider.Script {
    /// A plain answer.
    static func answer(_ text: String) -> Self {
        .events([.text(text), .finished(.stop, ModelUsage(inputTokens: 10, outputTokens: 5))])
    }

    /// A request for one tool call.
    static func call(_ name: String, _ arguments: String, id: String = "call-1") -> Self {
        .events([.toolCall(ToolCallRecord(id: id, name: name, arguments: arguments)), .finished(.toolCalls, nil)])
    }
}

/// A home with one workspace, ready for runtimes.
struct AgentFixture {
    let home: TestHome
    let workspace: TestHome.Workspace

    static func make(_ id: String = "acme") async throws -> AgentFixture {
        let home = try TestHome()
        return AgentFixture(home: home, workspace: try await home.createWorkspace(id, name: id.capitalized))
    }

    func runtime(_ provider: any ModelProvider, policy: ApprovalPolicy = ApprovalPolicy(), budget: Int? = nil, workspace: TestHome.Workspace? = nil) async throws -> WorkspaceRuntime {
        try await WorkspaceRuntime.open(
            (workspace ?? self.workspace).grant, manager: home.manager,
            settings: AgentSettings(provider: provider, contextBudget: budget, approvalPolicy: policy)
        )
    }
}

/// Collects every event of a turn, failing on error.
func events(of stream: AsyncThrowingStream<AgentEvent, any Error>) async throws -> [AgentEvent] {
    var collected: [AgentEvent] = []
    for try await event in stream { collected.append(event) }
    return collected
}

/// The streamed text of a turn.
func streamedText(_ events: [AgentEvent]) -> String {
    events.compactMap { if case .text(let text) = $0 { text } else { nil } }.joined()
}

/// An approval handler that records what it was asked and answers `decision`.
final class RecordingApprover: Sendable {
    private let asked = Mutex<[ApprovalRequest]>([])
    let decision: ApprovalDecision

    init(_ decision: ApprovalDecision) {
        self.decision = decision
    }

    var requests: [ApprovalRequest] { asked.withLock { $0 } }

    var handler: ApprovalHandler {
        { [self] request in
            asked.withLock { $0.append(request) }
            return decision
        }
    }
}

/// A memory draft without the typed-throws noise.
func memoryDraft(_ title: String, _ body: String, kind: MemoryKind = .note, pinned: Bool = false) throws -> MemoryDraft {
    try MemoryDraft(kind: kind, title: title, body: body, pinned: pinned)
}
