import AirlockAgent
import AirlockCore
import AirlockTestSupport
import Testing

@Suite("Anthropic provider", .timeLimit(.minutes(1)))
struct AnthropicProviderTests {
    @Test func streamsTextDeltasThenFinishesWithUsage() async throws {
        let outcome = try await withFakeServer(.anthropic) { server, provider in
            server.enqueue(.sse(FakeSSE.anthropicText(["Hel", "lo", " wörld"], inputTokens: 12, outputTokens: 7)))
            return await collect(provider.stream(hello))
        }
        #expect(outcome.error == nil)
        #expect(outcome.events == [.text("Hel"), .text("lo"), .text(" wörld"), .finished(.stop, ModelUsage(inputTokens: 12, outputTokens: 7))])
    }

    @Test func assemblesAToolUseSplitMidStringAndMidCharacter() async throws {
        let input = #"{"query":"café ☕ 東京 🎉","limit":3}"#
        let characters = Array(input)
        let pieces = stride(from: 0, to: characters.count, by: 3).map { String(characters[$0..<min($0 + 3, characters.count)]) }
        let outcome = try await withFakeServer(.anthropic) { server, provider in
            let events = FakeSSE.anthropicToolCall(id: "toolu_1", name: "search_memory", inputPieces: pieces)
            server.enqueue(.sse(bytes: FakeSSE.split(events, every: 7), delay: .milliseconds(1)))
            return await collect(provider.stream(hello))
        }
        #expect(outcome.error == nil)
        #expect(outcome.events == [
            .text("Let me check."),
            .toolCall(ToolCallRecord(id: "toolu_1", name: "search_memory", arguments: input)),
            .finished(.toolCalls, ModelUsage(inputTokens: 20, outputTokens: 9)),
        ])
    }

    @Test func givesAnEmptyObjectToAToolUseWithoutInput() async throws {
        let outcome = try await withFakeServer(.anthropic) { server, provider in
            server.enqueue(.sse(FakeSSE.anthropicToolCall(id: "toolu_2", name: "list_files", inputPieces: [])))
            return await collect(provider.stream(hello))
        }
        #expect(outcome.events.contains(.toolCall(ToolCallRecord(id: "toolu_2", name: "list_files", arguments: "{}"))))
    }

    @Test func mapsMaxTokensToLength() async throws {
        let outcome = try await withFakeServer(.anthropic) { server, provider in
            server.enqueue(.sse(FakeSSE.anthropicText(["cut"], stopReason: "max_tokens")))
            return await collect(provider.stream(hello))
        }
        #expect(outcome.events.last == .finished(.length, ModelUsage(inputTokens: 12, outputTokens: 7)))
    }

    @Test func sendsSystemToolUseToolResultsAndKeyHeaders() async throws {
        let request = ModelRequest(
            messages: [
                ModelMessage(role: .system, content: "Be brief."),
                ModelMessage(role: .user, content: "Find notes"),
                ModelMessage(role: .assistant, content: "Searching.", toolCalls: [
                    ToolCallRecord(id: "toolu_1", name: "search", arguments: #"{"q":"notes"}"#),
                    ToolCallRecord(id: "toolu_2", name: "search", arguments: "not json"),
                ]),
                ModelMessage(role: .tool, content: "3 notes", toolCallID: "toolu_1"),
                ModelMessage(role: .tool, content: "bad arguments", toolCallID: "toolu_2"),
                ModelMessage(role: .user, content: "Thanks"),
            ],
            tools: [ModelTool(name: "search", description: "Searches memory.", parameters: .object(["type": .string("object")]))],
            maxTokens: 321)
        let recorded = try await withFakeServer(.anthropic, apiKey: "sk-ant-test") { server, provider in
            server.enqueue(.sse(FakeSSE.anthropicText(["ok"])))
            _ = await collect(provider.stream(request))
            return server.requests
        }
        #expect(recorded.count == 1)
        let sent = try #require(recorded.first)
        #expect(sent.method == "POST")
        #expect(sent.path == "/v1/messages")
        #expect(sent.header("x-api-key") == "sk-ant-test")
        #expect(sent.header("anthropic-version") == "2023-06-01")
        #expect(sent.header("authorization") == nil)
        let body = try jsonBody(sent)
        #expect(body.lookup("model") == .string("fake-claude"))
        #expect(body.lookup("stream") == .bool(true))
        #expect(body.lookup("max_tokens") == .number(321))
        #expect(body.lookup("system") == .string("Be brief."))
        #expect(body.lookup("messages")?.arrayCount == 4)
        #expect(body.lookup("messages", 0) == .object(["role": .string("user"), "content": .string("Find notes")]))
        #expect(body.lookup("messages", 1, "role") == .string("assistant"))
        #expect(body.lookup("messages", 1, "content", 0) == .object(["type": .string("text"), "text": .string("Searching.")]))
        #expect(body.lookup("messages", 1, "content", 1) == .object([
            "type": .string("tool_use"), "id": .string("toolu_1"), "name": .string("search"),
            "input": .object(["q": .string("notes")]),
        ]))
        #expect(body.lookup("messages", 1, "content", 2, "input") == .object([:]))
        #expect(body.lookup("messages", 2, "role") == .string("user"))
        #expect(body.lookup("messages", 2, "content")?.arrayCount == 2)
        #expect(body.lookup("messages", 2, "content", 0) == .object([
            "type": .string("tool_result"), "tool_use_id": .string("toolu_1"), "content": .string("3 notes"),
        ]))
        #expect(body.lookup("messages", 2, "content", 1, "tool_use_id") == .string("toolu_2"))
        #expect(body.lookup("messages", 3) == .object(["role": .string("user"), "content": .string("Thanks")]))
        #expect(body.lookup("tools", 0) == .object([
            "name": .string("search"), "description": .string("Searches memory."),
            "input_schema": .object(["type": .string("object")]),
        ]))
    }

    @Test func sendsNoToolsNoSystemAndNoKeyWhenThereAreNone() async throws {
        let recorded = try await withFakeServer(.anthropic, apiKey: nil) { server, provider in
            server.enqueue(.sse(FakeSSE.anthropicText(["ok"])))
            _ = await collect(provider.stream(hello))
            return server.requests
        }
        let sent = try #require(recorded.first)
        #expect(sent.header("x-api-key") == nil)
        #expect(sent.header("anthropic-version") == "2023-06-01")
        let body = try jsonBody(sent)
        #expect(body.lookup("tools") == nil)
        #expect(body.lookup("system") == nil)
    }

    @Test func failsWithTheMessageOfAnErrorEvent() async throws {
        let outcome = try await withFakeServer(.anthropic, maxAttempts: 1) { server, provider in
            server.enqueue(.sse([
                FakeSSE.anthropic("message_start", ["message": ["usage": ["input_tokens": 3]]]),
                FakeSSE.anthropic("error", ["error": ["type": "overloaded_error", "message": "Overloaded"]]),
            ]))
            return await collect(provider.stream(hello))
        }
        #expect(outcome.providerError == .httpStatus(529, body: "Overloaded"))
    }

    @Test func retriesAnOverloadedErrorEventBeforeTheFirstEvent() async throws {
        let (outcome, requests) = try await withFakeServer(.anthropic) { server, provider in
            server.enqueue(.sse([FakeSSE.anthropic("error", ["error": ["type": "overloaded_error", "message": "Overloaded"]])]))
            server.enqueue(.sse(FakeSSE.anthropicText(["fine"])))
            return (await collect(provider.stream(hello)), server.requests.count)
        }
        #expect(outcome.error == nil)
        #expect(outcome.texts == ["fine"])
        #expect(requests == 2)
    }

    @Test func doesNotRetryAnErrorEventAfterTheFirstEvent() async throws {
        let (outcome, requests) = try await withFakeServer(.anthropic) { server, provider in
            server.enqueue(.sse(FakeSSE.anthropicText(["partial"]).prefix(4)
                + [FakeSSE.anthropic("error", ["error": ["type": "overloaded_error", "message": "Overloaded"]])]))
            server.enqueue(.sse(FakeSSE.anthropicText(["second attempt"])))
            return (await collect(provider.stream(hello)), server.requests.count)
        }
        #expect(outcome.texts == ["partial"])
        #expect(outcome.providerError == .httpStatus(529, body: "Overloaded"))
        #expect(requests == 1)
    }

    @Test func failsWhenTheBodyEndsBeforeMessageStop() async throws {
        let outcome = try await withFakeServer(.anthropic) { server, provider in
            server.enqueue(.sse(Array(FakeSSE.anthropicText(["Hi"]).dropLast())))
            return await collect(provider.stream(hello))
        }
        #expect(outcome.texts == ["Hi"])
        #expect(outcome.providerError == .connectionClosed)
    }
}
