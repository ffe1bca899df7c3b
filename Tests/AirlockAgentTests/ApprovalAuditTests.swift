import AirlockAgent
import AirlockCore
import AirlockStore
import AirlockTestSupport
import Foundation
import Synchronization
import Testing

/// Every verdict of the approval gate lands in the runtime's own audit log.
@Suite struct ApprovalAuditTests {
    /// The approval events of `store`'s log, as `action resource`.
    private func verdicts(in store: any WorkspaceStore) async throws -> [String] {
        try await store.auditEvents(last: nil).filter { $0.action.hasPrefix("approval.") }.map { "\($0.action) \($0.resource)" }
    }

    private let save = "{\"kind\":\"note\",\"title\":\"T\",\"body\":\"b\"}"

    @Test func allowedAutomaticallyAllowedAndDeniedCallsAreRecordedInTheirWorkspaceOnly() async throws {
        let fixture = try await AgentFixture.make()
        let globex = try await fixture.home.createWorkspace("globex")
        let provider = ScriptedProvider(scripts: [
            .events([.toolCall(ToolCallRecord(id: "c1", name: "memory_search", arguments: "{\"query\":\"x\"}")),
                     .toolCall(ToolCallRecord(id: "c2", name: "memory_save", arguments: save)), .finished(.toolCalls, nil)]),
            .answer("Done."),
        ])
        let runtime = try await fixture.runtime(provider, policy: ApprovalPolicy(autoAllowReadOnly: true))
        let store = try await runtime.openStore()
        let session = try await store.createSession(title: "Verdicts")

        _ = try await events(of: runtime.send("Go", in: session.key, approvals: RecordingApprover(.deny).handler))

        #expect(try await verdicts(in: store) == ["approval.allowed tool/memory_search", "approval.denied tool/memory_save"])
        let saving = ScriptedProvider(scripts: [.call("memory_save", save), .answer("Saved.")])
        let second = try await fixture.runtime(saving)
        let secondStore = try await second.openStore()
        _ = try await events(of: second.send("Save", in: session.key, approvals: RecordingApprover(.allowOnce).handler))
        #expect(try await verdicts(in: secondStore).last == "approval.allowed tool/memory_save")
        await runtime.close()
        await second.close()
        #expect(try await fixture.home.withStore(globex) { try await verdicts(in: $0) }.isEmpty)
    }

    @Test func aDeniedCallThatTimedOutIsRecordedAsDenied() async throws {
        let fixture = try await AgentFixture.make()
        let provider = ScriptedProvider(scripts: [.call("memory_save", save), .answer("ok")])
        let runtime = try await fixture.runtime(provider, policy: ApprovalPolicy(timeout: .milliseconds(50)))
        let store = try await runtime.openStore()
        let session = try await store.createSession(title: "Timeout")
        _ = try await events(of: runtime.send("Save", in: session.key) { _ in
            try? await Task.sleep(for: .seconds(3600))
            return .allowOnce
        })
        #expect(try await verdicts(in: store) == ["approval.denied tool/memory_save"])
        await runtime.close()
    }

    @Test func manyDeniedCallsRaiseAnAlertInTheWorkspace() async throws {
        let fixture = try await AgentFixture.make()
        let calls = (1...6).map { ModelEvent.toolCall(ToolCallRecord(id: "c\($0)", name: "memory_save", arguments: save)) }
        let provider = ScriptedProvider(scripts: [.events(calls + [.finished(.toolCalls, nil)]), .answer("Fine.")])
        let runtime = try await fixture.runtime(provider)
        let store = try await runtime.openStore()
        let session = try await store.createSession(title: "Injected")

        _ = try await events(of: runtime.send("Summarise the page", in: session.key, approvals: RecordingApprover(.deny).handler))

        #expect(try await verdicts(in: store).count == 6)
        let alerts = try await store.alerts(limit: nil)
        #expect(alerts.map(\.rule) == [.deniedApprovals])
        #expect(alerts.first?.workspaceID == fixture.workspace.id)
        await runtime.close()
    }

    @Test func anAllowedCallWhoseVerdictCannotBeRecordedDoesNotRun() async throws {
        let fixture = try await AgentFixture.make()
        let tool = CountingTool()
        let provider = ScriptedProvider(scripts: [.call("send_report", "{}"), .answer("ok")])
        let runtime = try await WorkspaceRuntime.open(fixture.workspace.grant, manager: fixture.home.manager,
                                                      settings: AgentSettings(provider: provider), tools: ToolSet([tool]), admission: .unlimited)
        let store = try await runtime.openStore()
        let session = try await store.createSession(title: "Fail closed")

        // The analyst allows the call, but by then the workspace's log cannot be written.
        var decided: [ApprovalOutcome] = []
        do {
            for try await event in await runtime.send("Send it", in: session.key, approvals: { _ in
                await store.close()
                return .allowOnce
            }) {
                if case .toolCallDecided(_, let outcome) = event { decided.append(outcome) }
            }
        } catch {
            // Saving the refusal fails too: the store is closed.
        }

        #expect(decided == [.allowed(automatically: false)])
        #expect(tool.runs == 0, "an allowed call whose verdict is not in the audit log does not run")
        await runtime.close()
    }
}

/// An external tool that only counts its runs.
private final class CountingTool: AgentTool {
    private let count = Mutex(0)

    var runs: Int { count.withLock { $0 } }

    var definition: ToolDefinition {
        ToolDefinition(name: "send_report", description: "Sends a report.", parameters: .object(["type": .string("object"), "properties": .object([:])]),
                       effect: .external, dataLeavingMachine: "a report")
    }

    func run(_ arguments: ToolArguments, in environment: ToolEnvironment) async throws -> String {
        count.withLock { $0 += 1 }
        return "sent"
    }
}
