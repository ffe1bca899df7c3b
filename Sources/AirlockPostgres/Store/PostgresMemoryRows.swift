import AirlockCore
import Foundation
import PostgresNIO

/// Decoding of `airlock.memory` rows, and the memory version that moves with every change.
enum PostgresMemoryRows {
    /// The columns of a summary, in the order ``summary(from:)`` decodes them.
    static let summaryColumns = "m.id, m.kind, m.title, m.tags, m.pinned, m.updated_at"
    /// The columns of a document, in the order ``document(from:)`` decodes them.
    static let documentColumns = "m.id, m.kind, m.title, m.body, m.tags, m.pinned, m.created_at, m.updated_at"

    static func summary(from row: PostgresRow) throws -> MemorySummary {
        let (id, kind, title, tags, pinned, updatedAt) = try row.decode((String, String, String, String, Bool, Int64).self)
        return MemorySummary(id: try MemoryID(id), kind: try MemoryKind(parsing: kind), title: title, tags: split(tags), pinned: pinned,
                             updatedAt: Date(millisecondsSince1970: updatedAt))
    }

    static func document(from row: PostgresRow) throws -> MemoryDocument {
        let (id, kind, title, body, tags, pinned, createdAt, updatedAt) =
            try row.decode((String, String, String, String, String, Bool, Int64, Int64).self)
        return MemoryDocument(id: try MemoryID(id), kind: try MemoryKind(parsing: kind), title: title, body: body, tags: split(tags),
                              pinned: pinned, createdAt: Date(millisecondsSince1970: createdAt), updatedAt: Date(millisecondsSince1970: updatedAt))
    }

    /// Tags as stored: separated by spaces.
    static func joined(_ tags: [String]) -> String {
        tags.joined(separator: " ")
    }

    /// Moves the workspace's memory version (after any change to its memory).
    static func bumpVersion(in tx: TenantTransaction) async throws {
        try await tx.rows("UPDATE airlock.workspace_state SET memory_version = memory_version + 1 WHERE workspace_id = \(tx.id)")
    }

    /// Document `id`, or ``StoreError/memoryNotFound(_:)``.
    static func fetch(_ id: MemoryID, in tx: TenantTransaction) async throws -> MemoryDocument {
        let rows = try await tx.rows("""
            SELECT \(unescaped: documentColumns) FROM airlock.memory m WHERE m.workspace_id = \(tx.id) AND m.id = \(id.rawValue)
            """)
        guard let row = rows.first else { throw StoreError.memoryNotFound(id) }
        return try document(from: row)
    }

    private static func split(_ tags: String) -> [String] {
        tags.split(separator: " ").map(String.init)
    }
}
