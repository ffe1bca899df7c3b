import AirlockCore
import Foundation
import GRDB

/// Runs a ``MemorySearchQuery`` against the two full-text indexes of a workspace's memory
/// (`memory_words`, `memory_trigrams`; see ``FullTextPlan``), ranked by BM25 with the title
/// weighted 10, tags 4 and the body 1.
struct MemorySearch {
    /// BM25 weights of the indexed columns, in order: title, body, tags.
    static let weights = "10.0, 1.0, 4.0"
    /// The columns `LIKE` matches search.
    static let likeColumns = ["m.title", "m.body", "m.tags"]

    let query: MemorySearchQuery
    let workspace: WorkspaceID

    /// Hits with a summary and a snippet.
    func hits(in db: Database) throws -> [MemorySearchHit] {
        try rows(in: db, columns: "m.id, m.kind, m.title, m.tags, m.pinned, m.updated_at").map { row, snippet, score in
            MemorySearchHit(memory: try MemoryRows.summary(from: row), snippet: snippet, score: score)
        }
    }

    /// Whole matching documents, best first.
    func documents(in db: Database) throws -> [MemoryDocument] {
        try rows(in: db, columns: "m.id, m.kind, m.title, m.body, m.tags, m.pinned, m.created_at, m.updated_at").map { row, _, _ in
            try MemoryRows.document(from: row)
        }
    }

    private func rows(in db: Database, columns: String) throws -> [(Row, String, Double)] {
        let scope = "m.workspace_id = ? AND (? IS NULL OR m.kind = ?)"
        let scopeArguments: StatementArguments = [workspace.rawValue, query.kind?.rawValue, query.kind?.rawValue]
        switch FullTextPlan(query.text, wordIndex: "memory_words", trigramIndex: "memory_trigrams") {
        case .nothing:
            return []
        case .index(let index, let expression, let likeTerms):
            let (likeSQL, likeArguments) = FullTextPlan.likeConditions(likeTerms, columns: Self.likeColumns)
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT \(columns), snippet(\(index), -1, '', '', '…', 24) AS snippet, bm25(\(index), \(Self.weights)) AS rank
                    FROM \(index) JOIN memory m ON m.rowid = \(index).rowid
                    WHERE \(index) MATCH ? AND \(scope) \(likeSQL)
                    ORDER BY rank, m.id
                    LIMIT ?
                    """,
                arguments: [expression] + scopeArguments + likeArguments + [query.limit]
            )
            return try rows.map { row in
                (row, SearchText.oneLine(try row.decode(forColumn: "snippet")), -(try row.decode(Double.self, forColumn: "rank")))
            }
        case .likeOnly(let terms):
            let anyTerm = query.text.matching == .any
            let (likeSQL, likeArguments) = FullTextPlan.likeConditions(terms, columns: Self.likeColumns, anyTerm: anyTerm)
            let titleHits = terms.map { _ in "(m.title LIKE ? ESCAPE '\\')" }.joined(separator: " + ")
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT \(columns), m.body AS excerpt_source, (\(titleHits)) AS title_hits
                    FROM memory m
                    WHERE \(scope) \(likeSQL)
                    ORDER BY title_hits DESC, m.updated_at DESC, m.id
                    LIMIT ?
                    """,
                arguments: StatementArguments(terms.map(SearchText.likePattern)) + scopeArguments + likeArguments + [query.limit]
            )
            return try rows.map { row in
                let body: String = try row.decode(forColumn: "excerpt_source")
                return (row, SearchText.excerpt(of: body, around: terms[0]), try row.decode(Double.self, forColumn: "title_hits"))
            }
        }
    }
}

/// Runs a ``MessageSearchQuery`` against the full-text indexes of a workspace's chat
/// messages (`message_words`, `message_trigrams`), best match first.
struct MessageSearch {
    let query: MessageSearchQuery
    let workspace: WorkspaceID

    func hits(in db: Database) throws -> [MessageSearchHit] {
        let columns = "m.session_id, s.title AS session_title, m.seq, m.role, m.content"
        let scope = "m.workspace_id = ?"
        let rows: [(Row, String, Double)]
        switch FullTextPlan(query.text, wordIndex: "message_words", trigramIndex: "message_trigrams") {
        case .nothing:
            return []
        case .index(let index, let expression, let likeTerms):
            let (likeSQL, likeArguments) = FullTextPlan.likeConditions(likeTerms, columns: ["m.content"])
            rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT \(columns), snippet(\(index), 0, '', '', '…', 24) AS snippet, bm25(\(index)) AS rank
                    FROM \(index)
                    JOIN chat_message m ON m.rowid = \(index).rowid
                    JOIN chat_session s ON s.workspace_id = m.workspace_id AND s.id = m.session_id
                    WHERE \(index) MATCH ? AND \(scope) \(likeSQL)
                    ORDER BY rank, m.session_id, m.seq
                    LIMIT ?
                    """,
                arguments: [expression, workspace.rawValue] + likeArguments + [query.text.limit]
            ).map { row in (row, SearchText.oneLine(try row.decode(forColumn: "snippet")), -(try row.decode(Double.self, forColumn: "rank"))) }
        case .likeOnly(let terms):
            let (likeSQL, likeArguments) = FullTextPlan.likeConditions(terms, columns: ["m.content"])
            rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT \(columns)
                    FROM chat_message m
                    JOIN chat_session s ON s.workspace_id = m.workspace_id AND s.id = m.session_id
                    WHERE \(scope) \(likeSQL)
                    ORDER BY m.created_at DESC, m.session_id, m.seq
                    LIMIT ?
                    """,
                arguments: [workspace.rawValue] + likeArguments + [query.text.limit]
            ).map { row in (row, SearchText.excerpt(of: try row.decode(forColumn: "content"), around: terms[0]), 0) }
        }
        return try rows.map { row, snippet, score in
            let role: String = try row.decode(forColumn: "role")
            guard let parsedRole = MessageRole(rawValue: role) else { throw StoreError.storage("unknown message role \(role)") }
            return MessageSearchHit(
                session: try SessionID(try row.decode(forColumn: "session_id")),
                sessionTitle: try row.decode(forColumn: "session_title"),
                sequence: try row.decode(forColumn: "seq"),
                role: parsedRole,
                snippet: snippet,
                score: score
            )
        }
    }
}
