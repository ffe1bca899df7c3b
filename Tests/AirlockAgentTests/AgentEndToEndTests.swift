import AirlockAgent
import AirlockCore
import AirlockTestSupport
import Foundation
import Testing

/// The agent loop over real HTTP: the OpenAI-compatible and Anthropic providers against the
/// scripted fake server, with tool calls split over many chunks and approvals both ways.
@Suite struct AgentEndToEndTests {
    private enum Flavour: String, CaseIterable {
        case openai, anthropic
    }

    private func provider(_ flavour: Flavour, _ server: FakeModelServer) -> any ModelProvider {
        let descriptor = ModelDescriptor(provider: flavour.rawValue, model: "test-model", contextWindow: 16_000, supportsTools: true)
        switch flavour {
        case .openai:
            return OpenAICompatibleProvider(endpoint: ProviderEndpoint(baseURL: server.baseURL + "/v1", apiKey: "sk-test"), descriptor: descriptor)
        case .anthropic:
            return AnthropicProvider(endpoint: ProviderEndpoint(baseURL: server.baseURL, apiKey: "sk-ant-test"), descriptor: descriptor)
        }
    }

    private func toolCall(_ flavour: Flavour, name: String, arguments: String) -> FakeResponse {
        let pieces = stride(from: 0, to: arguments.count, by: 4).map { start in
            String(arguments.dropFirst(start).prefix(4))
        }
        let events = flavour == .openai
            ? FakeSSE.openAIToolCall(id: "call-7", name: name, argumentPieces: pieces)
            : FakeSSE.anthropicToolCall(id: "call-7", name: name, inputPieces: pieces, text: "")
        return .sse(bytes: FakeSSE.split(events, every: 7))
    }

    private func answer(_ flavour: Flavour, _ text: String) -> FakeResponse {
        let pieces = text.split(separator: " ").map { String($0) + " " }
        return .sse(flavour == .openai ? FakeSSE.openAIText(pieces) : FakeSSE.anthropicText(pieces))
    }

    @Test(arguments: Flavour.allCases)
    private func anApprovedToolCallRoundTripsThroughTheServer(_ flavour: Flavour) async throws {
        let server = try await FakeModelServer.start()
        let fixture = try await AgentFixture.make()
        let provider = provider(flavour, server)
        let runtime = try await fixture.runtime(provider)
        let store = try await runtime.openStore()
        let memory = try await store.addMemory(try memoryDraft("Spring tagline", "Fresh Start, every season"))
        let session = try await store.createSession(title: "Copy")
        server.enqueue(toolCall(flavour, name: "memory_search", arguments: "{\"query\":\"tagline 東京\"}"))
        server.enqueue(answer(flavour, "The tagline is Fresh Start."))
        let approver = RecordingApprover(.allowOnce)

        let turn = try await events(of: runtime.send("What is the tagline?", in: session.key, approvals: approver.handler))

        #expect(streamedText(turn) == "The tagline is Fresh Start. ")
        #expect(approver.requests.map(\.call.arguments) == ["{\"query\":\"tagline 東京\"}"], "arguments split over chunks and UTF-8 arrive whole")
        let messages = try await store.transcript(session.key, lastMessages: nil).messages
        #expect(messages.map(\.role) == [.user, .assistant, .tool, .assistant])
        #expect(messages[2].toolResult?.content.contains(memory.id.rawValue) == true)
        let second = try #require(server.requests.last).bodyText
        #expect(second.contains(memory.id.rawValue), "the tool result went back to the model")
        #expect(second.contains("untrusted-"), "delimited as untrusted")
        await runtime.close()
        await provider.shutdown()
        try await server.shutdown()
    }

    @Test(arguments: Flavour.allCases)
    private func aDeniedCallNeverRunsAndTheModelHearsWhy(_ flavour: Flavour) async throws {
        let server = try await FakeModelServer.start()
        let fixture = try await AgentFixture.make()
        let provider = provider(flavour, server)
        let runtime = try await fixture.runtime(provider)
        let store = try await runtime.openStore()
        let session = try await store.createSession(title: "Save")
        server.enqueue(toolCall(flavour, name: "memory_save", arguments: "{\"kind\":\"note\",\"title\":\"x\",\"body\":\"y\"}"))
        server.enqueue(answer(flavour, "Fine, not saved."))

        let turn = try await events(of: runtime.send("Remember this", in: session.key, approvals: RecordingApprover(.deny).handler))

        #expect(turn.contains { if case .toolCallDecided(_, .denied(.byAnalyst)) = $0 { true } else { false } })
        #expect(try await store.listMemory(kind: nil).isEmpty)
        #expect(try #require(server.requests.last).bodyText.contains("denied by the analyst"))
        await runtime.close()
        await provider.shutdown()
        try await server.shutdown()
    }
}
