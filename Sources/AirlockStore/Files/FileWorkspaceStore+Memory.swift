import AirlockCore
import Foundation

extension FileWorkspaceStore {
    /// Adds a memory document.
    public func addMemory(_ draft: MemoryDraft) throws -> MemoryDocument {
        let id = MemoryID.generate()
        let time = now
        let document = MemoryDocument(id: id, kind: draft.kind, title: draft.title, body: draft.body, tags: draft.tags,
                                      pinned: draft.pinned, createdAt: time, updatedAt: time)
        return try audited(AuditEntry(.memoryAdd, "memory/\(id)")) { transaction in
            transaction.writes.append(.replace(transaction.files.memory(id), try MemoryFile.encode(document)))
            transaction.memoryChanged = true
            return document
        }
    }

    /// The memory document `id`.
    public func memory(_ id: MemoryID) throws -> MemoryDocument {
        try audited(AuditEntry(.memoryRead, "memory/\(id)")) { transaction in
            try Self.document(id, in: transaction.files)
        }
    }

    /// All memory documents (optionally of one kind), pinned first, then newest first.
    public func listMemory(kind: MemoryKind?) throws -> [MemorySummary] {
        try audited(AuditEntry(.memoryList, kind.map { "memory?kind=\($0)" } ?? "memory")) { transaction in
            try Self.documents(in: transaction.files)
                .filter { kind == nil || $0.kind == kind }
                .sorted(by: Self.listOrder)
                .map(\.summary)
        }
    }

    /// Applies `patch` to document `id`.
    public func updateMemory(_ id: MemoryID, with patch: MemoryPatch) throws -> MemoryDocument {
        let time = now
        return try audited(AuditEntry(.memoryUpdate, "memory/\(id)")) { transaction in
            let updated = patch.applied(to: try Self.document(id, in: transaction.files), at: time)
            transaction.writes.append(.replace(transaction.files.memory(id), try MemoryFile.encode(updated)))
            transaction.memoryChanged = true
            return updated
        }
    }

    /// Removes document `id`.
    public func removeMemory(_ id: MemoryID) throws {
        try audited(AuditEntry(.memoryRemove, "memory/\(id)")) { transaction in
            let path = transaction.files.memory(id)
            guard try transaction.files.readIfPresent(path) != nil else { throw StoreError.memoryNotFound(id) }
            transaction.writes.append(.remove(path))
            transaction.memoryChanged = true
        }
    }

    /// Full-text search over titles, tags and bodies, best match first.
    public func searchMemory(_ query: MemorySearchQuery) throws -> [MemorySearchHit] {
        try audited(AuditEntry(.memorySearch, "memory")) { transaction in
            MemoryScan(query: query).ranked(try Self.documents(in: transaction.files)).map { document, snippet, score in
                MemorySearchHit(memory: document.summary, snippet: snippet, score: score)
            }
        }
    }

    /// Whole documents matching `query`, best first (retrieval for the model's context).
    public func retrieveMemory(_ query: MemorySearchQuery) throws -> [MemoryDocument] {
        try audited(AuditEntry(.memoryRetrieve, "memory")) { transaction in
            MemoryScan(query: query).ranked(try Self.documents(in: transaction.files)).map(\.0)
        }
    }

    /// Every pinned document, oldest first (the workspace's standing instructions).
    public func pinnedMemory() throws -> [MemoryDocument] {
        try audited(AuditEntry(.memoryRead, "memory?pinned")) { transaction in
            try Self.documents(in: transaction.files).filter(\.pinned).sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
        }
    }

    /// A number that changes whenever any memory document is added, changed or removed.
    /// Not audited: it reveals no content.
    public func memoryVersion() throws -> Int64 {
        try unauditedRead { identity in identity.memoryVersion }
    }

    private static func document(_ id: MemoryID, in files: WorkspaceFiles) throws -> MemoryDocument {
        guard let bytes = try files.readIfPresent(files.memory(id)) else { throw StoreError.memoryNotFound(id) }
        return try MemoryFile.decode(bytes, id: id)
    }

    static func documents(in files: WorkspaceFiles) throws -> [MemoryDocument] {
        try files.ids(in: files.memoryFolder, suffix: ".md") { try MemoryID($0) }.map { try document($0, in: files) }
    }

    /// Pinned first, then most recently updated, then by id.
    private static func listOrder(_ a: MemoryDocument, _ b: MemoryDocument) -> Bool {
        if a.pinned != b.pinned { return a.pinned }
        if a.updatedAt != b.updatedAt { return a.updatedAt > b.updatedAt }
        return a.id < b.id
    }
}
