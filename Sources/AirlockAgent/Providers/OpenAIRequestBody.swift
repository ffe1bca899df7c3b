/// The JSON body of an OpenAI-style streaming chat completions request.
enum OpenAIRequestBody {
    /// The body for `request` to `model`; `tools` only when the request offers some.
    static func make(_ request: ModelRequest, model: String) -> JSONValue {
        var body: [String: JSONValue] = [
            "model": .string(model),
            "stream": .bool(true),
            "max_tokens": .number(Double(request.maxTokens)),
            "messages": .array(request.messages.map(message)),
        ]
        if !request.tools.isEmpty {
            body["tools"] = .array(request.tools.map(tool))
        }
        return .object(body)
    }

    /// One message. An assistant message with tool calls sends `"content": ""`, never
    /// `null` (llama.cpp answers HTTP 500 to `null`).
    private static func message(_ message: ModelMessage) -> JSONValue {
        var fields: [String: JSONValue] = [
            "role": .string(message.role.rawValue),
            "content": .string(message.content),
        ]
        if message.role == .assistant, !message.toolCalls.isEmpty {
            fields["tool_calls"] = .array(message.toolCalls.map { call in
                .object([
                    "id": .string(call.id),
                    "type": .string("function"),
                    "function": .object(["name": .string(call.name), "arguments": .string(call.arguments)]),
                ])
            })
        }
        if message.role == .tool, let callID = message.toolCallID {
            fields["tool_call_id"] = .string(callID)
        }
        return .object(fields)
    }

    private static func tool(_ tool: ModelTool) -> JSONValue {
        .object([
            "type": .string("function"),
            "function": .object([
                "name": .string(tool.name),
                "description": .string(tool.description),
                "parameters": tool.parameters,
            ]),
        ])
    }
}
