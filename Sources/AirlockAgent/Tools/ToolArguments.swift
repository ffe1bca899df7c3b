import AirlockCore

/// The arguments of one tool call, checked against the tool's schema.
///
/// Only the schema's declared arguments are accepted: anything else — in particular any
/// argument naming a workspace, a credential or a token — is refused before the tool runs,
/// so nothing the model writes can steer a tool to another workspace or another secret.
public struct ToolArguments: Sendable, Equatable {
    /// The validated arguments.
    public let values: [String: JSONValue]
    private let tool: String

    /// Argument-name fragments no tool may accept, whatever its schema says.
    static let forbiddenNameFragments = ["workspace", "credential", "token", "secret", "tenant"]

    /// Parses the model's JSON text for `definition`.
    ///
    /// - Throws: ``ToolError/invalidArguments(tool:reason:)`` if the text is not a JSON
    ///   object, names an undeclared or forbidden argument, or misses a required one.
    public init(json text: String, for definition: ToolDefinition) throws(ToolError) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let parsed: JSONValue
        do {
            parsed = trimmed.isEmpty ? .object([:]) : try JSONValue(parsing: trimmed)
        } catch {
            throw .invalidArguments(tool: definition.name, reason: "they are not valid JSON")
        }
        guard case .object(let values) = parsed else {
            throw .invalidArguments(tool: definition.name, reason: "they must be a JSON object")
        }
        for name in values.keys.sorted() {
            let lowered = name.lowercased()
            if Self.forbiddenNameFragments.contains(where: lowered.contains) {
                throw .invalidArguments(tool: definition.name, reason: "\(TerminalText.quoted(name)) is not allowed: tools cannot be pointed at a workspace or a credential")
            }
            guard definition.declaredArguments.contains(name) else {
                throw .invalidArguments(tool: definition.name, reason: "unknown argument \(TerminalText.quoted(name))")
            }
        }
        for name in definition.requiredArguments where values[name] == nil || values[name] == .null {
            throw .invalidArguments(tool: definition.name, reason: "\(name) is required")
        }
        self.values = values
        self.tool = definition.name
    }

    /// The string argument `name`.
    ///
    /// - Throws: ``ToolError`` if it is missing or not a string.
    public func string(_ name: String) throws(ToolError) -> String {
        guard let value = optionalString(name) else { throw .invalidArguments(tool: tool, reason: "\(name) must be a string") }
        return value
    }

    /// The string argument `name`, or nil if it is absent.
    public func optionalString(_ name: String) -> String? {
        if case .string(let value)? = values[name] { value } else { nil }
    }

    /// The integer argument `name` within `range`, or `defaultValue` if absent.
    ///
    /// - Throws: ``ToolError`` if it is not an integer in `range`.
    public func integer(_ name: String, default defaultValue: Int, in range: ClosedRange<Int>) throws(ToolError) -> Int {
        guard let value = values[name], value != .null else { return defaultValue }
        guard case .number(let number) = value, number.rounded() == number, range.contains(Int(number)) else {
            throw .invalidArguments(tool: tool, reason: "\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return Int(number)
    }

    /// The array-of-strings argument `name`, or empty if absent.
    ///
    /// - Throws: ``ToolError`` if it is not an array of strings.
    public func strings(_ name: String) throws(ToolError) -> [String] {
        guard let value = values[name], value != .null else { return [] }
        guard case .array(let items) = value else { throw .invalidArguments(tool: tool, reason: "\(name) must be a list of strings") }
        return try items.map { (item: JSONValue) throws(ToolError) -> String in
            guard case .string(let text) = item else { throw .invalidArguments(tool: tool, reason: "\(name) must be a list of strings") }
            return text
        }
    }
}

extension JSONValue {
    /// An object schema with the given properties, all listed in `required` unless optional.
    static func objectSchema(_ properties: [String: JSONValue], required: [String]) -> JSONValue {
        .object([
            "type": .string("object"),
            "properties": .object(properties),
            "required": .array(required.map(JSONValue.string)),
            "additionalProperties": .bool(false),
        ])
    }

    /// `{"type": type, "description": description}`.
    static func property(_ type: String, _ description: String) -> JSONValue {
        .object(["type": .string(type), "description": .string(description)])
    }
}
