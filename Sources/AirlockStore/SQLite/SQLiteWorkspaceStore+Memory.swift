import AirlockCore
import Foundation
import GRDB

extension SQLiteWorkspaceStore {
    public func addMemory(_ draft: MemoryDraft) throws -> MemoryDocument {
        let id = MemoryID.generate()
        let time = Date(millisecondsSince1970: now)
        let document = MemoryDocument(id: id, kind: draft.kind, title: draft.title, body: draft.body, tags: draft.tags,
                                      pinned: draft.pinned, createdAt: time, updatedAt: time)
        return try audited(AuditEntry(.memoryAdd, "memory/\(id)")) { db in
            try db.execute(
                sql: """
                    INSERT INTO memory (workspace_id, id, kind, title, body, tags, pinned, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [workspaceID.rawValue, id.rawValue, draft.kind.rawValue, draft.title, draft.body,
                            draft.tags.joined(separator: " "), draft.pinned, time.millisecondsSince1970, time.millisecondsSince1970]
            )
            return document
        }
    }

    public func memory(_ id: MemoryID) throws -> MemoryDocument {
        try audited(AuditEntry(.memoryRead, "memory/\(id)")) { db in
            try fetchDocument(id, in: db)
        }
    }

    public func listMemory(kind: MemoryKind?) throws -> [MemorySummary] {
        try audited(AuditEntry(.memoryList, kind.map { "memory?kind=\($0)" } ?? "memory")) { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT id, kind, title, tags, pinned, updated_at FROM memory
                    WHERE workspace_id = ? AND (? IS NULL OR kind = ?)
                    ORDER BY pinned DESC, updated_at DESC, id
                    """,
                arguments: [workspaceID.rawValue, kind?.rawValue, kind?.rawValue]
            ).map(MemoryRows.summary(from:))
        }
    }

    public func updateMemory(_ id: MemoryID, with patch: MemoryPatch) throws -> MemoryDocument {
        let time = Date(millisecondsSince1970: now)
        return try audited(AuditEntry(.memoryUpdate, "memory/\(id)")) { db in
            let updated = patch.applied(to: try fetchDocument(id, in: db), at: time)
            try db.execute(
                sql: """
                    UPDATE memory SET kind = ?, title = ?, body = ?, tags = ?, pinned = ?, updated_at = ?
                    WHERE workspace_id = ? AND id = ?
                    """,
                arguments: [updated.kind.rawValue, updated.title, updated.body, updated.tags.joined(separator: " "),
                            updated.pinned, time.millisecondsSince1970, workspaceID.rawValue, id.rawValue]
            )
            return updated
        }
    }

    public func removeMemory(_ id: MemoryID) throws {
        try audited(AuditEntry(.memoryRemove, "memory/\(id)")) { db in
            try db.execute(sql: "DELETE FROM memory WHERE workspace_id = ? AND id = ?", arguments: [workspaceID.rawValue, id.rawValue])
            guard db.changesCount == 1 else { throw StoreError.memoryNotFound(id) }
        }
    }

    public func searchMemory(_ query: MemorySearchQuery) throws -> [MemorySearchHit] {
        try audited(AuditEntry(.memorySearch, "memory")) { db in
            try MemorySearch(query: query, workspace: workspaceID).hits(in: db)
        }
    }

    public func retrieveMemory(_ query: MemorySearchQuery) throws -> [MemoryDocument] {
        try audited(AuditEntry(.memoryRetrieve, "memory")) { db in
            try MemorySearch(query: query, workspace: workspaceID).documents(in: db)
        }
    }

    public func pinnedMemory() throws -> [MemoryDocument] {
        try audited(AuditEntry(.memoryRead, "memory?pinned")) { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT id, kind, title, body, tags, pinned, created_at, updated_at FROM memory
                    WHERE workspace_id = ? AND pinned = 1 ORDER BY created_at, id
                    """,
                arguments: [workspaceID.rawValue]
            ).map(MemoryRows.document(from:))
        }
    }

    public func memoryVersion() throws -> Int64 {
        try unauditedRead { db in
            try Int64.fetchOne(db, sql: "SELECT memory_version FROM workspace_identity WHERE workspace_id = ?", arguments: [workspaceID.rawValue]) ?? 0
        }
    }

    private func fetchDocument(_ id: MemoryID, in db: Database) throws -> MemoryDocument {
        guard let row = try Row.fetchOne(
            db,
            sql: """
                SELECT id, kind, title, body, tags, pinned, created_at, updated_at FROM memory
                WHERE workspace_id = ? AND id = ?
                """,
            arguments: [workspaceID.rawValue, id.rawValue]
        ) else { throw StoreError.memoryNotFound(id) }
        return try MemoryRows.document(from: row)
    }
}

/// Decoding of `memory` rows.
enum MemoryRows {
    static func summary(from row: Row) throws -> MemorySummary {
        MemorySummary(
            id: try MemoryID(try row.decode(forColumn: "id")),
            kind: try kind(row),
            title: try row.decode(forColumn: "title"),
            tags: try tags(row),
            pinned: try row.decode(forColumn: "pinned"),
            updatedAt: Date(millisecondsSince1970: try row.decode(forColumn: "updated_at"))
        )
    }

    static func document(from row: Row) throws -> MemoryDocument {
        MemoryDocument(
            id: try MemoryID(try row.decode(forColumn: "id")),
            kind: try kind(row),
            title: try row.decode(forColumn: "title"),
            body: try row.decode(forColumn: "body"),
            tags: try tags(row),
            pinned: try row.decode(forColumn: "pinned"),
            createdAt: Date(millisecondsSince1970: try row.decode(forColumn: "created_at")),
            updatedAt: Date(millisecondsSince1970: try row.decode(forColumn: "updated_at"))
        )
    }

    private static func kind(_ row: Row) throws -> MemoryKind {
        try MemoryKind(parsing: try row.decode(forColumn: "kind"))
    }

    private static func tags(_ row: Row) throws -> [String] {
        let text: String = try row.decode(forColumn: "tags")
        return text.split(separator: " ").map(String.init)
    }
}
