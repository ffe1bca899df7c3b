import AirlockAgent
import AirlockCore
import AirlockStore
import AirlockTestSupport
import Foundation
import Synchronization
import Testing

/// A home with one workspace, ready for runtimes.
struct AgentFixture {
    let home: TestHome
    let workspace: TestHome.Workspace

    static func make(_ id: String = "acme") async throws -> AgentFixture {
        let home = try TestHome()
        return AgentFixture(home: home, workspace: try await home.createWorkspace(id, name: id.capitalized))
    }

    func runtime(_ provider: any ModelProvider, policy: ApprovalPolicy = ApprovalPolicy(), budget: Int? = nil, workspace: TestHome.Workspace? = nil,
                 admission: OperationAdmission = .unlimited) async throws -> WorkspaceRuntime {
        try await WorkspaceRuntime.open(
            (workspace ?? self.workspace).grant, manager: home.manager,
            settings: AgentSettings(provider: provider, contextBudget: budget, approvalPolicy: policy),
            admission: admission
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

/// A memory draft without the typed-throws noise.
func memoryDraft(_ title: String, _ body: String, kind: MemoryKind = .note, pinned: Bool = false) throws -> MemoryDraft {
    try MemoryDraft(kind: kind, title: title, body: body, pinned: pinned)
}
