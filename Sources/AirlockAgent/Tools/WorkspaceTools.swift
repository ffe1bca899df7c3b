import AirlockCore
import Foundation

/// `memory_search`: finds memory documents of the workspace by words.
struct MemorySearchTool: AgentTool {
    let definition = ToolDefinition(
        name: "memory_search",
        description: "Search this client's memory (brand voice, personas, competitive notes, campaigns, notes). Returns ids, titles and snippets.",
        parameters: .objectSchema([
            "query": .property("string", "Words to look for; any may match."),
            "limit": .property("integer", "How many results, 1 to 20 (default 5)."),
        ], required: ["query"]),
        effect: .readOnly
    )

    func run(_ arguments: ToolArguments, in environment: ToolEnvironment) async throws -> String {
        let query = try MemorySearchQuery(
            try arguments.string("query"), limit: try arguments.integer("limit", default: 5, in: 1...20), matching: .any
        )
        let hits = try await environment.store.searchMemory(query)
        return ToolJSON.text(hits.map { hit in
            ["id": .string(hit.memory.id.rawValue), "kind": .string(hit.memory.kind.rawValue),
             "title": .string(hit.memory.title), "snippet": .string(hit.snippet)]
        })
    }
}

/// `memory_get`: reads one memory document in full.
struct MemoryGetTool: AgentTool {
    let definition = ToolDefinition(
        name: "memory_get",
        description: "Read one memory document of this client in full, by its id (from memory_search).",
        parameters: .objectSchema(["id": .property("string", "The memory id, like m-abc123.")], required: ["id"]),
        effect: .readOnly
    )

    func run(_ arguments: ToolArguments, in environment: ToolEnvironment) async throws -> String {
        let document = try await environment.store.memory(try MemoryID(try arguments.string("id")))
        return ToolJSON.text([[
            "id": .string(document.id.rawValue), "kind": .string(document.kind.rawValue), "title": .string(document.title),
            "tags": .array(document.tags.map(JSONValue.string)), "body": .string(document.body),
        ]])
    }
}

/// `memory_save`: adds a memory document (a side effect: always asks).
struct MemorySaveTool: AgentTool {
    let definition = ToolDefinition(
        name: "memory_save",
        description: "Save a new memory document for this client.",
        parameters: .objectSchema([
            "kind": .property("string", "brand_voice, persona, competitive, campaign or note."),
            "title": .property("string", "One-line title."),
            "body": .property("string", "The text to remember."),
            "tags": .object(["type": .string("array"), "items": .object(["type": .string("string")]), "description": .string("Optional tags.")]),
        ], required: ["kind", "title", "body"]),
        effect: .writesWorkspace
    )

    func run(_ arguments: ToolArguments, in environment: ToolEnvironment) async throws -> String {
        let draft = try MemoryDraft(
            kind: try MemoryKind(parsing: try arguments.string("kind")), title: try arguments.string("title"),
            body: try arguments.string("body"), tags: try arguments.strings("tags")
        )
        let document = try await environment.store.addMemory(draft)
        return ToolJSON.text([["saved": .string(document.id.rawValue), "title": .string(document.title)]])
    }
}

/// `session_search`: finds earlier chat messages of the workspace.
struct SessionSearchTool: AgentTool {
    let definition = ToolDefinition(
        name: "session_search",
        description: "Search earlier chat sessions with this client for messages containing all the given words.",
        parameters: .objectSchema([
            "query": .property("string", "Words that must all appear."),
            "limit": .property("integer", "How many results, 1 to 20 (default 5)."),
        ], required: ["query"]),
        effect: .readOnly
    )

    func run(_ arguments: ToolArguments, in environment: ToolEnvironment) async throws -> String {
        let query = try MessageSearchQuery(try arguments.string("query"), limit: try arguments.integer("limit", default: 5, in: 1...20))
        let hits = try await environment.store.searchMessages(query)
        return ToolJSON.text(hits.map { hit in
            ["session": .string(hit.session.rawValue), "session_title": .string(hit.sessionTitle),
             "seq": .number(Double(hit.sequence)), "role": .string(hit.role.rawValue), "snippet": .string(hit.snippet)]
        })
    }
}

/// Tool results as compact JSON arrays.
enum ToolJSON {
    static func text(_ items: [[String: JSONValue]]) -> String {
        JSONValue.array(items.map(JSONValue.object)).text
    }
}
