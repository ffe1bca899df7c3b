import AirlockAgent
import AirlockCore
import AirlockTestSupport
import Testing

@Suite("OpenAI-compatible provider", .timeLimit(.minutes(1)))
struct OpenAICompatibleProviderTests {
    @Test func streamsEachTextDeltaThenFinishesWithUsage() async throws {
        let outcome = try await withFakeServer(.openAI) { server, provider in
            var events = FakeSSE.openAIText(["Hel", "lo", " wörld"], usage: (input: 5, output: 3))
            events.insert(": ping\n\n", at: 2)
            server.enqueue(.sse(events))
            return await collect(provider.stream(hello))
        }
        #expect(outcome.error == nil)
        #expect(outcome.events == [.text("Hel"), .text("lo"), .text(" wörld"), .finished(.stop, ModelUsage(inputTokens: 5, outputTokens: 3))])
    }

    @Test func assemblesAToolCallSplitMidStringAndMidCharacter() async throws {
        let arguments = #"{"query":"café ☕ 東京 🎉","limit":3}"#
        let characters = Array(arguments)
        let pieces = stride(from: 0, to: characters.count, by: 3).map { String(characters[$0..<min($0 + 3, characters.count)]) }
        let outcome = try await withFakeServer(.openAI) { server, provider in
            let events = FakeSSE.openAIToolCall(id: "call_1", name: "search_memory", argumentPieces: pieces)
            server.enqueue(.sse(bytes: FakeSSE.split(events, every: 7), delay: .milliseconds(1)))
            return await collect(provider.stream(hello))
        }
        #expect(outcome.error == nil)
        #expect(outcome.events == [
            .toolCall(ToolCallRecord(id: "call_1", name: "search_memory", arguments: arguments)),
            .finished(.toolCalls, nil),
        ])
    }

    @Test func emitsInterleavedToolCallsInIndexOrder() async throws {
        let outcome = try await withFakeServer(.openAI) { server, provider in
            func delta(_ index: Int, _ id: String?, _ name: String?, _ arguments: String) -> String {
                FakeSSE.openAIChunk(delta: ["tool_calls": [FakeSSE.openAIToolDelta(index: index, id: id, name: name, arguments: arguments)]])
            }
            server.enqueue(.sse([
                delta(1, "call_b", "read_file", #"{"pa"#), delta(0, "call_a", "search", #"{"q""#),
                delta(1, nil, nil, #"th":"x"}"#), delta(0, "call_a", "search", #":"y"}"#),
                FakeSSE.openAIChunk(delta: [:], finishReason: "tool_calls"), FakeSSE.openAIDone,
            ]))
            return await collect(provider.stream(hello))
        }
        #expect(outcome.events == [
            .toolCall(ToolCallRecord(id: "call_a", name: "search", arguments: #"{"q":"y"}"#)),
            .toolCall(ToolCallRecord(id: "call_b", name: "read_file", arguments: #"{"path":"x"}"#)),
            .finished(.toolCalls, nil),
        ])
    }

    @Test func sendsMessagesToolsAndBearerKeyInTheRequest() async throws {
        let request = ModelRequest(
            messages: [
                ModelMessage(role: .system, content: "Be brief."),
                ModelMessage(role: .user, content: "Find notes"),
                ModelMessage(role: .assistant, content: "", toolCalls: [ToolCallRecord(id: "call_1", name: "search", arguments: #"{"q":"notes"}"#)]),
                ModelMessage(role: .tool, content: "3 notes", toolCallID: "call_1"),
            ],
            tools: [ModelTool(name: "search", description: "Searches memory.", parameters: .object(["type": .string("object")]))],
            maxTokens: 321)
        let recorded = try await withFakeServer(.openAI, apiKey: "sk-test-123") { server, provider in
            server.enqueue(.sse(FakeSSE.openAIText(["ok"])))
            _ = await collect(provider.stream(request))
            return server.requests
        }
        #expect(recorded.count == 1)
        let sent = try #require(recorded.first)
        #expect(sent.method == "POST")
        #expect(sent.path == "/v1/chat/completions")
        #expect(sent.header("authorization") == "Bearer sk-test-123")
        let body = try jsonBody(sent)
        #expect(body.lookup("model") == .string("fake-model"))
        #expect(body.lookup("stream") == .bool(true))
        #expect(body.lookup("max_tokens") == .number(321))
        #expect(body.lookup("messages")?.arrayCount == 4)
        #expect(body.lookup("messages", 0) == .object(["role": .string("system"), "content": .string("Be brief.")]))
        #expect(body.lookup("messages", 2, "content") == .string(""))
        #expect(body.lookup("messages", 2, "tool_calls", 0, "id") == .string("call_1"))
        #expect(body.lookup("messages", 2, "tool_calls", 0, "type") == .string("function"))
        #expect(body.lookup("messages", 2, "tool_calls", 0, "function", "arguments") == .string(#"{"q":"notes"}"#))
        #expect(body.lookup("messages", 3, "role") == .string("tool"))
        #expect(body.lookup("messages", 3, "tool_call_id") == .string("call_1"))
        #expect(body.lookup("tools", 0, "type") == .string("function"))
        #expect(body.lookup("tools", 0, "function", "name") == .string("search"))
        #expect(body.lookup("tools", 0, "function", "parameters") == .object(["type": .string("object")]))
    }

    @Test func sendsNoToolsAndNoAuthorizationWhenThereAreNone() async throws {
        let recorded = try await withFakeServer(.openAI, apiKey: nil) { server, provider in
            server.enqueue(.sse(FakeSSE.openAIText(["ok"])))
            _ = await collect(provider.stream(hello))
            return server.requests
        }
        let sent = try #require(recorded.first)
        #expect(sent.header("authorization") == nil)
        let body = try jsonBody(sent)
        #expect(body.lookup("tools") == nil)
        #expect(body.lookup("messages", 0) == .object(["role": .string("user"), "content": .string("Hello")]))
    }

    @Test func acceptsAFinishReasonWithoutDone() async throws {
        let outcome = try await withFakeServer(.openAI) { server, provider in
            server.enqueue(.sse(Array(FakeSSE.openAIText(["Hi"], finishReason: "length").dropLast())))
            return await collect(provider.stream(hello))
        }
        #expect(outcome.error == nil)
        #expect(outcome.events == [.text("Hi"), .finished(.length, nil)])
    }

    @Test func failsWhenTheBodyEndsBeforeAFinishReasonOrDone() async throws {
        let outcome = try await withFakeServer(.openAI) { server, provider in
            server.enqueue(.sse(Array(FakeSSE.openAIText(["Hi"]).prefix(2))))
            return await collect(provider.stream(hello))
        }
        #expect(outcome.texts == ["Hi"])
        #expect(outcome.providerError == .connectionClosed)
    }

    @Test func reportsAnErrorObjectInTheStream() async throws {
        let outcome = try await withFakeServer(.openAI, maxAttempts: 1) { server, provider in
            server.enqueue(.sse([FakeSSE.event(["error": ["code": 503, "message": "model is loading"]])]))
            return await collect(provider.stream(hello))
        }
        #expect(outcome.providerError == .httpStatus(503, body: "model is loading"))
    }

    @Test func rejectsDataThatIsNotAChunk() async throws {
        let outcome = try await withFakeServer(.openAI) { server, provider in
            server.enqueue(.sse(["data: {not json\n\n"]))
            return await collect(provider.stream(hello))
        }
        guard case .malformedResponse = outcome.providerError else {
            Issue.record("expected malformedResponse, got \(String(describing: outcome.error))")
            return
        }
    }
}
