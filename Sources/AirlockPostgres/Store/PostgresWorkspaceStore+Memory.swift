import AirlockCore
import Foundation

extension PostgresWorkspaceStore {
    /// Adds a memory document.
    public func addMemory(_ draft: MemoryDraft) async throws -> MemoryDocument {
        let time = Date(millisecondsSince1970: now)
        let document = MemoryDocument(id: MemoryID.generate(), kind: draft.kind, title: draft.title, body: draft.body, tags: draft.tags,
                                      pinned: draft.pinned, createdAt: time, updatedAt: time)
        return try await audited(AuditEntry(.memoryAdd, "memory/\(document.id)")) { tx in
            let millis = time.millisecondsSince1970
            try await tx.rows("""
                INSERT INTO airlock.memory (workspace_id, id, kind, title, body, tags, pinned, created_at, updated_at)
                VALUES (\(tx.id), \(document.id.rawValue), \(document.kind.rawValue), \(document.title), \(document.body),
                        \(PostgresMemoryRows.joined(document.tags)), \(document.pinned), \(millis), \(millis))
                """)
            try await PostgresMemoryRows.bumpVersion(in: tx)
            return document
        }
    }

    /// The memory document `id`.
    public func memory(_ id: MemoryID) async throws -> MemoryDocument {
        try await audited(AuditEntry(.memoryRead, "memory/\(id)")) { tx in
            try await PostgresMemoryRows.fetch(id, in: tx)
        }
    }

    /// All memory documents (optionally of one kind), pinned first, then newest first.
    public func listMemory(kind: MemoryKind?) async throws -> [MemorySummary] {
        try await audited(AuditEntry(.memoryList, kind.map { "memory?kind=\($0)" } ?? "memory")) { tx in
            try await tx.rows("""
                SELECT \(unescaped: PostgresMemoryRows.summaryColumns) FROM airlock.memory m
                WHERE m.workspace_id = \(tx.id) AND (\(kind?.rawValue)::text IS NULL OR m.kind = \(kind?.rawValue)::text)
                ORDER BY m.pinned DESC, m.updated_at DESC, m.id
                """).map(PostgresMemoryRows.summary(from:))
        }
    }

    /// Applies `patch` to document `id`.
    public func updateMemory(_ id: MemoryID, with patch: MemoryPatch) async throws -> MemoryDocument {
        let time = Date(millisecondsSince1970: now)
        return try await audited(AuditEntry(.memoryUpdate, "memory/\(id)")) { tx in
            let updated = patch.applied(to: try await PostgresMemoryRows.fetch(id, in: tx), at: time)
            try await tx.rows("""
                UPDATE airlock.memory SET kind = \(updated.kind.rawValue), title = \(updated.title), body = \(updated.body),
                    tags = \(PostgresMemoryRows.joined(updated.tags)), pinned = \(updated.pinned), updated_at = \(time.millisecondsSince1970)
                WHERE workspace_id = \(tx.id) AND id = \(id.rawValue)
                """)
            try await PostgresMemoryRows.bumpVersion(in: tx)
            return updated
        }
    }

    /// Removes document `id`.
    public func removeMemory(_ id: MemoryID) async throws {
        try await audited(AuditEntry(.memoryRemove, "memory/\(id)")) { tx in
            let removed = try await tx.rows("DELETE FROM airlock.memory WHERE workspace_id = \(tx.id) AND id = \(id.rawValue) RETURNING id")
            guard removed.count == 1 else { throw StoreError.memoryNotFound(id) }
            try await PostgresMemoryRows.bumpVersion(in: tx)
        }
    }

    /// Full-text search over titles, tags and bodies, best match first.
    public func searchMemory(_ query: MemorySearchQuery) async throws -> [MemorySearchHit] {
        try await audited(AuditEntry(.memorySearch, "memory")) { tx in
            try await PostgresMemorySearch(query: query).hits(in: tx)
        }
    }

    /// Whole documents matching `query`, best first (retrieval for the model's context).
    public func retrieveMemory(_ query: MemorySearchQuery) async throws -> [MemoryDocument] {
        try await audited(AuditEntry(.memoryRetrieve, "memory")) { tx in
            try await PostgresMemorySearch(query: query).documents(in: tx)
        }
    }

    /// Every pinned document, oldest first (the workspace's standing instructions).
    public func pinnedMemory() async throws -> [MemoryDocument] {
        try await audited(AuditEntry(.memoryRead, "memory?pinned")) { tx in
            try await tx.rows("""
                SELECT \(unescaped: PostgresMemoryRows.documentColumns) FROM airlock.memory m
                WHERE m.workspace_id = \(tx.id) AND m.pinned ORDER BY m.created_at, m.id
                """).map(PostgresMemoryRows.document(from:))
        }
    }

    /// A number that changes whenever any memory document is added, changed or removed.
    /// Not audited: it reveals no content.
    public func memoryVersion() async throws -> Int64 {
        try await unauditedRead { tx in
            let rows = try await tx.rows("SELECT memory_version FROM airlock.workspace_state WHERE workspace_id = \(tx.id)")
            guard let row = rows.first else { throw StoreError.workspaceFileMissing(tx.workspace) }
            return try row.decode(Int64.self)
        }
    }
}
