import AirlockCore
import Foundation

/// Decodes an Anthropic Messages API stream.
///
/// `text_delta` becomes `.text`; a `tool_use` block's `input_json_delta` fragments are
/// accumulated and emitted as one `.toolCall` at `content_block_stop` (no input: `{}`);
/// `message_stop` emits `.finished` with the stop reason and usage from `message_start` and
/// `message_delta`. An `error` event fails the stream; `ping` and unknown events are ignored.
struct AnthropicStreamDecoder: ModelStreamDecoder {
    private struct ToolBlock: Sendable {
        let id: String
        let name: String
        var input = ""
    }

    private(set) var isComplete = false
    private var toolBlocks: [Int: ToolBlock] = [:]
    private var stopReason: FinishReason = .stop
    private var inputTokens: Int?
    private var outputTokens: Int?

    mutating func decode(_ event: SSEEvent) throws(ProviderError) -> [ModelEvent] {
        let message: AnthropicStreamEvent
        do {
            message = try JSONDecoder().decode(AnthropicStreamEvent.self, from: Data(event.data.utf8))
        } catch {
            throw .malformedResponse("a stream event is not a Messages API event: \(event.data.prefix(120))")
        }
        switch message.type {
        case "message_start":
            if let usage = message.message?.usage { record(usage) }
        case "content_block_start":
            guard let block = message.content_block, let index = message.index else { break }
            if block.type == "tool_use" {
                toolBlocks[index] = ToolBlock(id: block.id ?? "toolu_\(index)", name: block.name ?? "")
            } else if block.type == "text", let text = block.text, !text.isEmpty {
                return [.text(text)]
            }
        case "content_block_delta":
            guard let delta = message.delta else { break }
            if delta.type == "text_delta", let text = delta.text, !text.isEmpty {
                return [.text(text)]
            }
            if delta.type == "input_json_delta", let index = message.index, let fragment = delta.partial_json {
                toolBlocks[index]?.input += fragment
            }
        case "content_block_stop":
            guard let index = message.index, let block = toolBlocks.removeValue(forKey: index) else { break }
            guard !block.name.isEmpty else { throw .malformedResponse("tool_use block \(index) has no name") }
            return [.toolCall(ToolCallRecord(id: block.id, name: block.name, arguments: block.input.isEmpty ? "{}" : block.input))]
        case "message_delta":
            if let reason = message.delta?.stop_reason { stopReason = Self.finishReason(reason) }
            if let usage = message.usage { record(usage) }
        case "message_stop":
            isComplete = true
            let usage = inputTokens.map { ModelUsage(inputTokens: $0, outputTokens: outputTokens ?? 0) }
            return [.finished(stopReason, usage)]
        case "error":
            throw Self.streamError(message.error)
        default:
            break
        }
        return []
    }

    mutating func finish() throws(ProviderError) -> [ModelEvent] {
        throw .connectionClosed
    }

    /// Input counts include cached prompt tokens; later reports replace earlier ones.
    private mutating func record(_ usage: AnthropicStreamEvent.Usage) {
        if let input = usage.input_tokens {
            inputTokens = input + (usage.cache_creation_input_tokens ?? 0) + (usage.cache_read_input_tokens ?? 0)
        }
        if let output = usage.output_tokens { outputTokens = output }
    }

    private static func finishReason(_ reason: String) -> FinishReason {
        switch reason {
        case "end_turn", "stop_sequence": .stop
        case "max_tokens": .length
        case "tool_use": .toolCalls
        default: .other
        }
    }

    /// The HTTP status Anthropic uses for an error type, so overload and rate limits retry.
    private static func streamError(_ error: AnthropicStreamEvent.StreamError?) -> ProviderError {
        let message = error?.message ?? "error event in the stream"
        let statuses = [
            "invalid_request_error": 400, "authentication_error": 401, "permission_error": 403,
            "not_found_error": 404, "request_too_large": 413, "rate_limit_error": 429,
            "api_error": 500, "overloaded_error": 529,
        ]
        guard let status = error?.type.flatMap({ statuses[$0] }) else { return .malformedResponse(message) }
        return .httpStatus(status, body: message)
    }
}

/// One event of an Anthropic Messages API stream (only the fields Airlock reads).
private struct AnthropicStreamEvent: Decodable {
    struct Usage: Decodable {
        let input_tokens: Int?
        let output_tokens: Int?
        let cache_creation_input_tokens: Int?
        let cache_read_input_tokens: Int?
    }

    struct Message: Decodable {
        let usage: Usage?
    }

    struct ContentBlock: Decodable {
        let type: String
        let text: String?
        let id: String?
        let name: String?
    }

    struct Delta: Decodable {
        let type: String?
        let text: String?
        let partial_json: String?
        let stop_reason: String?
    }

    struct StreamError: Decodable {
        let type: String?
        let message: String?
    }

    let type: String
    let message: Message?
    let index: Int?
    let content_block: ContentBlock?
    let delta: Delta?
    let usage: Usage?
    let error: StreamError?
}
