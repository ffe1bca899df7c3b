import AirlockCore
import Foundation

/// Decodes an OpenAI-style chat completions stream (`data: {chunk}` events, then `[DONE]`).
///
/// Text deltas become `.text`; tool-call deltas are assembled per `index` (ids and names are
/// set, since servers may repeat them in every delta; arguments are appended). At `[DONE]`,
/// or when the body ends after a `finish_reason`, the assembled calls are emitted in index
/// order, then `.finished`.
struct OpenAIStreamDecoder: ModelStreamDecoder {
    private struct PartialCall: Sendable {
        var id = ""
        var name = ""
        var arguments = ""
    }

    private(set) var isComplete = false
    private var calls: [Int: PartialCall] = [:]
    private var finishReason: FinishReason?
    private var usage: ModelUsage?

    mutating func decode(_ event: SSEEvent) throws(ProviderError) -> [ModelEvent] {
        if event.data.trimmingCharacters(in: .whitespaces) == "[DONE]" { return try end() }
        let chunk: OpenAIChunk
        do {
            chunk = try JSONDecoder().decode(OpenAIChunk.self, from: Data(event.data.utf8))
        } catch {
            throw .malformedResponse("a stream event is not a chat completion chunk: \(event.data.prefix(120))")
        }
        if let error = chunk.error {
            throw .httpStatus(error.status ?? 500, body: error.message ?? "error in the stream")
        }
        if let reported = chunk.usage, let input = reported.prompt_tokens, let output = reported.completion_tokens {
            usage = ModelUsage(inputTokens: input, outputTokens: output)
        }
        var events: [ModelEvent] = []
        guard let choice = chunk.choices?.first(where: { ($0.index ?? 0) == 0 }) else { return events }
        if let text = choice.delta?.content, !text.isEmpty { events.append(.text(text)) }
        for (position, delta) in (choice.delta?.tool_calls ?? []).enumerated() {
            var call = calls[delta.index ?? position] ?? PartialCall()
            if let id = delta.id, !id.isEmpty { call.id = id }
            if let name = delta.function?.name, !name.isEmpty { call.name = name }
            call.arguments += delta.function?.arguments ?? ""
            calls[delta.index ?? position] = call
        }
        if let reason = choice.finish_reason { finishReason = Self.finishReason(reason) }
        return events
    }

    mutating func finish() throws(ProviderError) -> [ModelEvent] {
        guard finishReason != nil else { throw .connectionClosed }
        return try end()
    }

    private mutating func end() throws(ProviderError) -> [ModelEvent] {
        isComplete = true
        var events: [ModelEvent] = []
        for (index, call) in calls.sorted(by: { $0.key < $1.key }) {
            guard !call.name.isEmpty else { throw .malformedResponse("tool call \(index) has no name") }
            events.append(.toolCall(ToolCallRecord(id: call.id.isEmpty ? "call_\(index)" : call.id, name: call.name, arguments: call.arguments)))
        }
        events.append(.finished(finishReason ?? (calls.isEmpty ? .stop : .toolCalls), usage))
        return events
    }

    private static func finishReason(_ reason: String) -> FinishReason {
        switch reason {
        case "stop": .stop
        case "length": .length
        case "tool_calls", "function_call": .toolCalls
        default: .other
        }
    }
}

/// One chunk of an OpenAI-style chat completions stream (only the fields Airlock reads).
private struct OpenAIChunk: Decodable {
    struct Choice: Decodable {
        let index: Int?
        let delta: Delta?
        let finish_reason: String?
    }

    struct Delta: Decodable {
        let content: String?
        let tool_calls: [ToolCallDelta]?
    }

    struct ToolCallDelta: Decodable {
        struct Function: Decodable {
            let name: String?
            let arguments: String?
        }

        let index: Int?
        let id: String?
        let function: Function?
    }

    struct Usage: Decodable {
        let prompt_tokens: Int?
        let completion_tokens: Int?
    }

    struct StreamError: Decodable {
        let message: String?
        let status: Int?

        private enum CodingKeys: String, CodingKey { case message, code }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            message = try? container.decode(String.self, forKey: .message)
            status = try? container.decode(Int.self, forKey: .code)
        }
    }

    let choices: [Choice]?
    let usage: Usage?
    let error: StreamError?
}
