@testable import AirlockAgent
import AirlockCore
import AirlockStore
import AirlockTestSupport
import Foundation
import Testing

/// The agent: every context built in A — system prompt, memory, history, tool results —
/// and every tool result holds nothing of B, and switching A → B → A carries nothing over.
@Suite struct AgentIsolationTests {
    private func runtime(_ fixture: IsolationFixture, _ seeded: IsolationFixture.Seeded, _ provider: ScriptedProvider) async throws -> WorkspaceRuntime {
        try await WorkspaceRuntime.open(seeded.workspace.grant, manager: fixture.home.manager,
                                        settings: AgentSettings(provider: provider, approvalPolicy: ApprovalPolicy(autoAllowReadOnly: true)),
                                        admission: .unlimited)
    }

    /// Every text a context carries to the model.
    private func everythingSent(_ context: ModelContext) -> String {
        (context.parts.map(\.text) + context.request.messages.map { $0.content + $0.toolCalls.map(\.arguments).joined() }).joined(separator: "\n")
    }

    @Test func contextsBuiltInAHoldNothingOfB() async throws {
        let fixture = try await IsolationFixture.make()
        let runtime = try await runtime(fixture, fixture.a, ScriptedProvider())
        let session = SessionKey(workspace: fixture.a.id, session: fixture.a.sessionIDs[0])
        let messages = ["Plan the spring campaign in our brand voice for the persona", "東京のキャンペーン", fixture.b.canaries.joined(separator: " ")]
        for message in messages {
            for key in [session, nil] {
                let context = try await runtime.context(for: message, in: key)
                #expect(context.workspace == fixture.a.id)
                let sent = everythingSent(context).replacingOccurrences(of: fixture.b.canaries.joined(separator: " "), with: "")
                expectNoLeak(of: fixture.b, in: sent, from: "context for \(message.prefix(20))")
                #expect(context.parts.contains { if case .pinnedMemory(let id) = $0.source { id == fixture.a.memoryIDs[0] } else { false } })
            }
        }
        let withHistory = everythingSent(try await runtime.context(for: "continue", in: session))
        #expect(withHistory.contains(fixture.a.canaries[7]), "A's own tool results are in A's context")
        await runtime.close()
    }

    @Test func toolsRunInAReturnNothingOfB() async throws {
        let fixture = try await IsolationFixture.make()
        var scripts: [ScriptedProvider.Script] = []
        for canary in fixture.b.canaries {
            scripts.append(.call("memory_search", "{\"query\":\"\(canary) campaign\"}"))
            scripts.append(.call("session_search", "{\"query\":\"\(canary)\"}"))
        }
        scripts.append(.call("memory_get", "{\"id\":\"\(fixture.b.memoryIDs[0])\"}"))
        scripts.append(.answer("done"))
        let provider = ScriptedProvider(scripts: scripts)
        let runtime = try await WorkspaceRuntime.open(
            fixture.a.workspace.grant, manager: fixture.home.manager,
            settings: AgentSettings(provider: provider, stepLimit: scripts.count, approvalPolicy: ApprovalPolicy(autoAllowReadOnly: true)),
            admission: .unlimited
        )
        let session = try await runtime.openStore().createSession(title: "Probe")
        var results: [ToolResultRecord] = []
        for try await event in await runtime.send("probe", in: session.key, approvals: RecordingApprover(.deny).handler) {
            if case .toolResultSaved(let message) = event, let result = message.toolResult { results.append(result) }
        }
        #expect(results.count == scripts.count - 1)
        #expect(results.last?.isError == true, "B's memory id is not found from A")
        for result in results {
            let scrubbed = fixture.b.canaries.reduce(result.content) { $0.replacingOccurrences(of: "\($1) campaign", with: "") }
            expectNoLeak(of: fixture.b, in: scrubbed.replacingOccurrences(of: fixture.b.memoryIDs[0].rawValue, with: ""), from: "tool result \(result.callID)")
        }
        for request in provider.requests {
            let sent = request.messages.map(\.content).joined()
            #expect(Canary.found(fixture.b.canaries.filter { !sent.contains("\"query\":\"\($0)") }, in: sent.replacingOccurrences(of: "probe", with: "")).isEmpty)
        }
        await runtime.close()
    }

    @Test func switchingAToBToACarriesNothingOfBBackIntoA() async throws {
        let fixture = try await IsolationFixture.make()
        let provider = ScriptedProvider()
        let manager = fixture.home.manager
        let switcher = RuntimeSwitcher { grant in
            try await WorkspaceRuntime.open(grant, manager: manager, settings: AgentSettings(provider: provider), admission: .unlimited)
        }
        for seeded in [fixture.a, fixture.b, fixture.a] {
            _ = try await switcher.switchTo(seeded.workspace.grant)
            let runtime = try #require(await switcher.current)
            let context = try await runtime.context(for: "spring campaign voice persona", in: SessionKey(workspace: seeded.id, session: seeded.sessionIDs[0]))
            let other = seeded.id == fixture.a.id ? fixture.b : fixture.a
            expectNoLeak(of: other, in: everythingSent(context), from: "context in \(seeded.id) after a switch")
            #expect(await runtime.cache.keys.allSatisfy { $0.workspace == seeded.id })
        }
        await switcher.close()
    }
}
