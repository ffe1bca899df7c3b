import AirlockCore

/// What running a tool does to the world; decides how its calls are approved.
public enum ToolEffect: String, Sendable, Codable, Equatable {
    /// Reads this workspace's data; may be auto-allowed by policy.
    case readOnly = "read-only"
    /// Changes this workspace's data; always asks.
    case writesWorkspace = "writes-workspace"
    /// Acts outside Airlock (sends data, spends money); always asks.
    case external

    /// Whether calls change anything (and so always need the analyst's approval).
    public var hasSideEffects: Bool { self != .readOnly }
}

/// A tool as the agent and the analyst see it.
public struct ToolDefinition: Sendable, Equatable {
    /// The name the model calls it by.
    public let name: String
    /// What it does, for the model and the approval prompt.
    public let description: String
    /// JSON Schema of its arguments: an object with `properties` and `required`.
    public let parameters: JSONValue
    /// What running it does.
    public let effect: ToolEffect
    /// What leaves the machine when it runs, in words (`nil`: nothing does).
    public let dataLeavingMachine: String?
    /// The label of the credential it uses (`nil`: none). Never the secret itself.
    public let credentialLabel: String?

    /// Creates a definition.
    public init(name: String, description: String, parameters: JSONValue, effect: ToolEffect, dataLeavingMachine: String? = nil, credentialLabel: String? = nil) {
        self.name = name
        self.description = description
        self.parameters = parameters
        self.effect = effect
        self.dataLeavingMachine = dataLeavingMachine
        self.credentialLabel = credentialLabel
    }

    /// The tool as offered to a model.
    public var modelTool: ModelTool {
        ModelTool(name: name, description: description, parameters: parameters)
    }

    /// The argument names the schema declares.
    var declaredArguments: Set<String> {
        guard case .object(let schema) = parameters, case .object(let properties)? = schema["properties"] else { return [] }
        return Set(properties.keys)
    }

    /// The argument names the schema requires.
    var requiredArguments: [String] {
        guard case .object(let schema) = parameters, case .array(let required)? = schema["required"] else { return [] }
        return required.compactMap { if case .string(let name) = $0 { name } else { nil } }
    }
}

/// What a tool may use when it runs: its runtime's store and nothing else.
///
/// Tools never receive a workspace id or a credential chosen by the model; later tools
/// get their runtime's credential set through this environment.
public struct ToolEnvironment: Sendable {
    /// The runtime's workspace store.
    public let store: any WorkspaceStore

    /// Creates an environment.
    public init(store: any WorkspaceStore) {
        self.store = store
    }
}

/// A tool the agent can call.
public protocol AgentTool: Sendable {
    /// The tool's name, schema and effect.
    var definition: ToolDefinition { get }

    /// Runs the tool with validated arguments and returns its result text (untrusted data).
    ///
    /// - Throws: ``ToolError`` or a store error, reported back to the model as a failed call.
    func run(_ arguments: ToolArguments, in environment: ToolEnvironment) async throws -> String

    /// What the call would do, for the approval prompt: for a request that leaves the
    /// machine, its method, URL and body with secrets left out. Nil when the arguments say it all.
    func preview(_ arguments: ToolArguments) -> String?
}

extension AgentTool {
    public func preview(_ arguments: ToolArguments) -> String? { nil }
}

/// Why a tool call could not run.
public enum ToolError: Error, Equatable, Sendable, CustomStringConvertible {
    case unknownTool(String)
    case invalidArguments(tool: String, reason: String)

    public var description: String {
        switch self {
        case .unknownTool(let name):
            return "there is no tool named \(TerminalText.quoted(name))"
        case .invalidArguments(let tool, let reason):
            return "invalid arguments for \(tool): \(reason)"
        }
    }
}
