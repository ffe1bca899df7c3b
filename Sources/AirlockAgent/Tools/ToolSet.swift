import AirlockCore

/// The tools of one runtime, by name.
public struct ToolSet: Sendable {
    private let byName: [String: any AgentTool]
    /// The tools, in a stable order.
    let tools: [any AgentTool]
    /// The definitions, in the same order.
    public let definitions: [ToolDefinition]

    /// A set of `tools` (names must be unique).
    public init(_ tools: [any AgentTool]) {
        var byName: [String: any AgentTool] = [:]
        for tool in tools { byName[tool.definition.name] = tool }
        self.byName = byName
        self.tools = tools
        self.definitions = tools.map(\.definition)
    }

    /// The workspace tools every runtime has: `memory_search`, `memory_get`,
    /// `memory_save` and `session_search`, all bound to the runtime's store.
    public static let workspaceTools = ToolSet([MemorySearchTool(), MemoryGetTool(), MemorySaveTool(), SessionSearchTool()])

    /// The tool named `name`.
    ///
    /// - Throws: ``ToolError/unknownTool(_:)``.
    public func tool(named name: String) throws(ToolError) -> any AgentTool {
        guard let tool = byName[name] else { throw .unknownTool(name) }
        return tool
    }
}
