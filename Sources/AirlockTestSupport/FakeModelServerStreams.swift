import Foundation

/// Builders of OpenAI-style and Anthropic-style SSE streams for `FakeModelServer`.
///
/// Each function returns whole events (`data: …\n\n`); pass them to `FakeResponse.sse` as
/// they are, or through `split(_:every:)` to cut the stream into small byte chunks.
public enum FakeSSE {
    /// One event whose data is `json` as compact JSON with sorted keys, with an optional
    /// `event:` line.
    public static func event(_ json: [String: Any], name: String? = nil) -> String {
        let data = try! JSONSerialization.data(withJSONObject: json, options: [.sortedKeys, .withoutEscapingSlashes])
        return (name.map { "event: \($0)\n" } ?? "") + "data: " + String(decoding: data, as: UTF8.self) + "\n\n"
    }

    /// The OpenAI end-of-stream event.
    public static let openAIDone = "data: [DONE]\n\n"

    /// An OpenAI chat completions stream: a role-only chunk, one chunk per text piece, a
    /// chunk with `finishReason` (and `usage` when given), then `[DONE]`.
    public static func openAIText(_ pieces: [String], finishReason: String = "stop", usage: (input: Int, output: Int)? = nil) -> [String] {
        var events = [openAIChunk(delta: ["role": "assistant"])]
        events += pieces.map { openAIChunk(delta: ["content": $0]) }
        var last = openAIChunkObject(delta: [:], finishReason: finishReason)
        if let usage {
            last["usage"] = ["prompt_tokens": usage.input, "completion_tokens": usage.output, "total_tokens": usage.input + usage.output]
        }
        return events + [event(last), openAIDone]
    }

    /// An OpenAI stream with one tool call whose arguments arrive as `argumentPieces`; every
    /// delta repeats the id and name (as llama.cpp does); it ends with `tool_calls` and `[DONE]`.
    public static func openAIToolCall(id: String, name: String, argumentPieces: [String], index: Int = 0) -> [String] {
        var events = [openAIChunk(delta: ["role": "assistant"])]
        events += argumentPieces.map { piece in
            openAIChunk(delta: ["tool_calls": [openAIToolDelta(index: index, id: id, name: name, arguments: piece)]])
        }
        return events + [event(openAIChunkObject(delta: [:], finishReason: "tool_calls")), openAIDone]
    }

    /// One OpenAI `tool_calls` delta entry; `nil` fields are left out.
    public static func openAIToolDelta(index: Int, id: String?, name: String?, arguments: String) -> [String: Any] {
        var function: [String: Any] = ["arguments": arguments]
        function["name"] = name
        var delta: [String: Any] = ["index": index, "type": "function", "function": function]
        delta["id"] = id
        return delta
    }

    /// One OpenAI chunk event with `delta` and an optional finish reason.
    public static func openAIChunk(delta: [String: Any], finishReason: String? = nil) -> String {
        event(openAIChunkObject(delta: delta, finishReason: finishReason))
    }

    /// An Anthropic Messages stream of text pieces ending with `stopReason`.
    public static func anthropicText(_ pieces: [String], stopReason: String = "end_turn", inputTokens: Int = 12, outputTokens: Int = 7) -> [String] {
        anthropicMessage(inputTokens: inputTokens, outputTokens: outputTokens, stopReason: stopReason) {
            [anthropic("content_block_start", ["index": 0, "content_block": ["type": "text", "text": ""]])]
                + pieces.map { anthropic("content_block_delta", ["index": 0, "delta": ["type": "text_delta", "text": $0]]) }
                + [anthropic("content_block_stop", ["index": 0])]
        }
    }

    /// An Anthropic Messages stream with a short text block and one `tool_use` block whose
    /// input JSON arrives as `inputPieces`; it ends with `tool_use`.
    public static func anthropicToolCall(id: String, name: String, inputPieces: [String], text: String = "Let me check.") -> [String] {
        anthropicMessage(inputTokens: 20, outputTokens: 9, stopReason: "tool_use") {
            [
                anthropic("content_block_start", ["index": 0, "content_block": ["type": "text", "text": ""]]),
                anthropic("content_block_delta", ["index": 0, "delta": ["type": "text_delta", "text": text]]),
                anthropic("content_block_stop", ["index": 0]),
                anthropic("content_block_start", ["index": 1, "content_block": ["type": "tool_use", "id": id, "name": name, "input": [String: Any]()]]),
            ]
                + inputPieces.map { anthropic("content_block_delta", ["index": 1, "delta": ["type": "input_json_delta", "partial_json": $0]]) }
                + [anthropic("content_block_stop", ["index": 1])]
        }
    }

    /// An Anthropic event of `type` with `fields`, named by its type as Anthropic does.
    public static func anthropic(_ type: String, _ fields: [String: Any] = [:]) -> String {
        event(fields.merging(["type": type]) { $1 }, name: type)
    }

    /// The concatenated `events` cut into chunks of `byteCount` bytes, splitting lines and
    /// multi-byte UTF-8 characters wherever the cut falls.
    public static func split(_ events: [String], every byteCount: Int) -> [[UInt8]] {
        let bytes = Array(events.joined().utf8)
        return stride(from: 0, to: bytes.count, by: byteCount).map { Array(bytes[$0..<min($0 + byteCount, bytes.count)]) }
    }

    private static func openAIChunkObject(delta: [String: Any], finishReason: String?) -> [String: Any] {
        [
            "id": "chatcmpl-fake", "object": "chat.completion.chunk", "created": 1_767_225_600, "model": "fake-model",
            "choices": [["index": 0, "delta": delta, "finish_reason": finishReason.map { $0 as Any } ?? NSNull()]],
        ]
    }

    private static func anthropicMessage(inputTokens: Int, outputTokens: Int, stopReason: String, blocks: () -> [String]) -> [String] {
        let message: [String: Any] = [
            "id": "msg_fake", "type": "message", "role": "assistant", "model": "fake-claude", "content": [Any](),
            "stop_reason": NSNull(), "usage": ["input_tokens": inputTokens, "output_tokens": 1],
        ]
        return [anthropic("message_start", ["message": message]), anthropic("ping")]
            + blocks()
            + [
                anthropic("message_delta", ["delta": ["stop_reason": stopReason, "stop_sequence": NSNull()], "usage": ["output_tokens": outputTokens]]),
                anthropic("message_stop"),
            ]
    }
}
