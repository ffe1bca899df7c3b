import AirlockCore

/// The tools of one runtime, by name.
public struct ToolSet: Sendable {
    private let tools: [String: any AgentTool]
    /// The definitions, in a stable order.
    public let definitions: [ToolDefinition]

    /// A set of `tools` (names must be unique).
    public init(_ tools: [any AgentTool]) {
        var byName: [String: any AgentTool] = [:]
        for tool in tools { byName[tool.definition.name] = tool }
        self.tools = byName
        self.definitions = tools.map(\.definition)
    }

    /// The workspace tools every runtime has: `memory_search`, `memory_get`,
    /// `memory_save` and `session_search`, all bound to the runtime's store.
    public static let workspaceTools = ToolSet([MemorySearchTool(), MemoryGetTool(), MemorySaveTool(), SessionSearchTool()])

    /// The tool named `name`.
    ///
    /// - Throws: ``ToolError/unknownTool(_:)``.
    public func tool(named name: String) throws(ToolError) -> any AgentTool {
        guard let tool = tools[name] else { throw .unknownTool(name) }
        return tool
    }
}
