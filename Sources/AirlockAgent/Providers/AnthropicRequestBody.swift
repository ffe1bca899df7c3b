/// The JSON body of a streaming Anthropic Messages API request.
enum AnthropicRequestBody {
    /// The body for `request` to `model`.
    ///
    /// Leading system messages become `system`; a later system message is sent as user text.
    /// Assistant tool calls become `tool_use` blocks (arguments that are not a JSON object
    /// are sent as `{}`); consecutive tool messages become one user message of
    /// `tool_result` blocks. `tools` is sent only when the request offers some.
    static func make(_ request: ModelRequest, model: String) -> JSONValue {
        let system = request.messages.prefix { $0.role == .system }
        var body: [String: JSONValue] = [
            "model": .string(model),
            "stream": .bool(true),
            "max_tokens": .number(Double(request.maxTokens)),
            "messages": .array(messages(request.messages.dropFirst(system.count))),
        ]
        if !system.isEmpty {
            body["system"] = .string(system.map(\.content).joined(separator: "\n\n"))
        }
        if !request.tools.isEmpty {
            body["tools"] = .array(request.tools.map { tool in
                .object([
                    "name": .string(tool.name),
                    "description": .string(tool.description),
                    "input_schema": tool.parameters,
                ])
            })
        }
        return .object(body)
    }

    private static func messages(_ messages: ArraySlice<ModelMessage>) -> [JSONValue] {
        var result: [JSONValue] = []
        var toolResults: [JSONValue] = []
        for message in messages {
            if message.role == .tool {
                toolResults.append(.object([
                    "type": .string("tool_result"),
                    "tool_use_id": .string(message.toolCallID ?? ""),
                    "content": .string(message.content),
                ]))
                continue
            }
            if !toolResults.isEmpty {
                result.append(turn("user", .array(toolResults)))
                toolResults = []
            }
            if message.role == .assistant, !message.toolCalls.isEmpty {
                result.append(turn("assistant", .array(assistantBlocks(message))))
            } else {
                result.append(turn(message.role == .assistant ? "assistant" : "user", .string(message.content)))
            }
        }
        if !toolResults.isEmpty { result.append(turn("user", .array(toolResults))) }
        return result
    }

    private static func assistantBlocks(_ message: ModelMessage) -> [JSONValue] {
        let text: [JSONValue] = message.content.isEmpty ? [] : [.object(["type": .string("text"), "text": .string(message.content)])]
        return text + message.toolCalls.map { call in
            var input = JSONValue.object([:])
            if let parsed = try? JSONValue(parsing: call.arguments), case .object = parsed { input = parsed }
            return .object([
                "type": .string("tool_use"),
                "id": .string(call.id),
                "name": .string(call.name),
                "input": input,
            ])
        }
    }

    private static func turn(_ role: String, _ content: JSONValue) -> JSONValue {
        .object(["role": .string(role), "content": content])
    }
}
