import AirlockAgent
import AirlockCore
import AirlockTestSupport
import Foundation
import Testing

@Suite struct AgentLoopTests {
    @Test func aPlainAnswerIsStreamedAndSaved() async throws {
        let fixture = try await AgentFixture.make()
        let provider = ScriptedProvider(scripts: [.events([.text("Hello "), .text("there."), .finished(.stop, nil)])])
        let runtime = try await fixture.runtime(provider)
        let session = try await runtime.openStore().createSession(title: "Hi")

        let turn = try await events(of: runtime.send("Hi!", in: session.key, approvals: RecordingApprover(.deny).handler))

        #expect(streamedText(turn) == "Hello there.")
        guard case .finished(let summary)? = turn.last else { Issue.record("the turn must end with .finished"); return }
        #expect(summary.steps == 1)
        #expect(!summary.reachedStepLimit)
        #expect(summary.usage == nil)
        let transcript = try await runtime.openStore().transcript(session.key, lastMessages: nil)
        #expect(transcript.messages.map(\.role) == [.user, .assistant])
        #expect(transcript.messages.map(\.content) == ["Hi!", "Hello there."])
        #expect(await runtime.usage == RuntimeUsage(turns: 1, modelSteps: 1, inputTokens: 0, outputTokens: 0))
        await runtime.close()
    }

    @Test func anApprovedToolCallRunsAndItsResultReachesTheNextStepAsUntrustedData() async throws {
        let fixture = try await AgentFixture.make()
        let provider = ScriptedProvider(scripts: [.call("memory_search", "{\"query\":\"tagline\"}"), .answer("Use Fresh Start.")])
        let runtime = try await fixture.runtime(provider)
        let store = try await runtime.openStore()
        let memory = try await store.addMemory(try memoryDraft("Spring tagline", "Fresh Start"))
        let session = try await store.createSession(title: "Copy")
        let approver = RecordingApprover(.allowOnce)

        let turn = try await events(of: runtime.send("What is our tagline?", in: session.key, approvals: approver.handler))

        #expect(approver.requests.map(\.call.name) == ["memory_search"])
        #expect(turn.contains { if case .toolCallDecided(_, .allowed(automatically: false)) = $0 { true } else { false } })
        let messages = try await store.transcript(session.key, lastMessages: nil).messages
        #expect(messages.map(\.role) == [.user, .assistant, .tool, .assistant])
        #expect(messages[1].toolCalls.map(\.name) == ["memory_search"])
        let result = try #require(messages[2].toolResult)
        #expect(!result.isError)
        #expect(result.content.contains(memory.id.rawValue))
        let second = try #require(provider.requests.last)
        let toolMessage = try #require(second.messages.first { $0.role == .tool })
        #expect(toolMessage.toolCallID == "call-1")
        #expect(toolMessage.content.hasPrefix("<untrusted-") && toolMessage.content.contains(memory.id.rawValue))
        #expect(messages[3].content == "Use Fresh Start.")
        #expect(await runtime.usage == RuntimeUsage(turns: 1, modelSteps: 2, inputTokens: 10, outputTokens: 5))
        await runtime.close()
    }

    @Test func aDeniedCallDoesNotRunAndTheModelIsToldWhy() async throws {
        let fixture = try await AgentFixture.make()
        let provider = ScriptedProvider(scripts: [
            .call("memory_save", "{\"kind\":\"note\",\"title\":\"Injected\",\"body\":\"x\"}"), .answer("Understood."),
        ])
        let runtime = try await fixture.runtime(provider, policy: ApprovalPolicy(autoAllowReadOnly: true))
        let store = try await runtime.openStore()
        let session = try await store.createSession(title: "Deny")
        let approver = RecordingApprover(.deny)

        _ = try await events(of: runtime.send("Save a note", in: session.key, approvals: approver.handler))

        #expect(approver.requests.map(\.reasons) == [[.sideEffects]], "a side effect asks even though read-only tools are auto-allowed")
        #expect(try await store.listMemory(kind: nil).isEmpty, "nothing was saved")
        let result = try #require(try await store.transcript(session.key, lastMessages: nil).messages[2].toolResult)
        #expect(result.isError)
        #expect(result.content == "The call was not run: denied by the analyst.")
        await runtime.close()
    }

    @Test func argumentsNamingAWorkspaceOrCredentialNeverReachTheToolOrTheAnalyst() async throws {
        let fixture = try await AgentFixture.make()
        let provider = ScriptedProvider(scripts: [
            .call("memory_search", "{\"query\":\"x\",\"workspace_id\":\"other-client\"}", id: "c1"), .answer("ok"),
        ])
        let runtime = try await fixture.runtime(provider)
        let store = try await runtime.openStore()
        let session = try await store.createSession(title: "Steer")
        let approver = RecordingApprover(.allowOnce)

        _ = try await events(of: runtime.send("Search", in: session.key, approvals: approver.handler))

        #expect(approver.requests.isEmpty)
        let result = try #require(try await store.transcript(session.key, lastMessages: nil).messages[2].toolResult)
        #expect(result.isError)
        #expect(result.content.contains("\"workspace_id\" is not allowed"))
        await runtime.close()
    }

    @Test func anUnknownToolIsReportedBackToTheModel() async throws {
        let fixture = try await AgentFixture.make()
        let provider = ScriptedProvider(scripts: [.call("delete_everything", "{}"), .answer("Sorry.")])
        let runtime = try await fixture.runtime(provider)
        let session = try await runtime.openStore().createSession(title: "Unknown")
        _ = try await events(of: runtime.send("Go", in: session.key, approvals: RecordingApprover(.allowOnce).handler))
        let result = try #require(try await runtime.openStore().transcript(session.key, lastMessages: nil).messages[2].toolResult)
        #expect(result == ToolResultRecord(callID: "call-1", content: "error: there is no tool named \"delete_everything\"", isError: true))
        await runtime.close()
    }

    @Test func theStepLimitEndsATurnThatKeepsCallingTools() async throws {
        let fixture = try await AgentFixture.make()
        let provider = ScriptedProvider(scripts: Array(repeating: .call("memory_search", "{\"query\":\"loop\"}"), count: 8))
        let runtime = try await fixture.runtime(provider, policy: ApprovalPolicy(autoAllowReadOnly: true))
        let session = try await runtime.openStore().createSession(title: "Loop")
        let turn = try await events(of: runtime.send("Loop", in: session.key, approvals: RecordingApprover(.deny).handler))
        guard case .finished(let summary)? = turn.last else { Issue.record("the turn must end with .finished"); return }
        #expect(summary.reachedStepLimit)
        #expect(summary.steps == 8)
        #expect(provider.requests.count == 8)
        await runtime.close()
    }

    @Test func cancellingATurnKeepsWhatWasAnswered() async throws {
        let fixture = try await AgentFixture.make()
        let provider = ScriptedProvider(scripts: [.endless("la ")])
        let runtime = try await fixture.runtime(provider)
        let store = try await runtime.openStore()
        let session = try await store.createSession(title: "Cancel")
        let consumer = Task {
            var seen = 0
            for try await event in await runtime.send("Sing", in: session.key, approvals: RecordingApprover(.deny).handler) {
                if case .text = event { seen += 1 }
                if seen == 3 { break }
            }
        }
        try await consumer.value
        let deadline = ContinuousClock.now + .seconds(120)
        var messages = try await store.transcript(session.key, lastMessages: nil).messages
        while messages.count < 2, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
            messages = try await store.transcript(session.key, lastMessages: nil).messages
        }
        #expect(messages.map(\.role) == [.user, .assistant])
        #expect(messages.last?.content.hasPrefix("la la la") == true)
        #expect(messages.last?.content.hasSuffix("[interrupted]") == true)
        #expect(provider.cancelledStreams == 1, "the model stream was cancelled")
        await runtime.close()
    }
}
