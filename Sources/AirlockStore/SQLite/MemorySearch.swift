import AirlockCore
import Foundation
import GRDB

/// Runs a ``MemorySearchQuery`` against the two full-text indexes of a workspace file.
///
/// - Word search (`memory_words`, unicode61): every term must match a word or word prefix;
///   ranked by BM25 with the title weighted 10, tags 4 and the body 1.
/// - Substring search (`memory_trigrams`, trigram), used when a term is in a script written
///   without spaces (CJK, Thai): terms of three or more characters match as substrings
///   through the trigram index with the same weights; shorter terms (`東京`) are matched with
///   `LIKE` on the workspace's rows.
///
/// Terms are always passed as quoted FTS5 strings, so no user input is parsed as query syntax.
struct MemorySearch {
    /// BM25 weights of the indexed columns, in order: title, body, tags.
    static let weights = "10.0, 1.0, 4.0"

    let query: MemorySearchQuery
    let workspace: WorkspaceID

    func run(in db: Database) throws -> [MemorySearchHit] {
        query.needsSubstringMatching ? try substringSearch(in: db) : try wordSearch(in: db)
    }

    private func wordSearch(in db: Database) throws -> [MemorySearchHit] {
        let words = query.terms.filter { term in
            term.unicodeScalars.contains { $0.properties.isAlphabetic || $0.properties.numericType != nil }
        }
        guard !words.isEmpty else { return [] }
        let match = words.map { Self.quoted($0) + "*" }.joined(separator: " ")
        return try indexedSearch(index: "memory_words", match: match, likeTerms: [], in: db)
    }

    private func substringSearch(in db: Database) throws -> [MemorySearchHit] {
        let long = query.terms.filter { $0.unicodeScalars.count >= 3 }
        let short = query.terms.filter { $0.unicodeScalars.count < 3 }
        if !long.isEmpty {
            let match = long.map(Self.quoted).joined(separator: " ")
            return try indexedSearch(index: "memory_trigrams", match: match, likeTerms: short, in: db)
        }
        return try likeSearch(terms: short, in: db)
    }

    private func indexedSearch(index: String, match: String, likeTerms: [String], in db: Database) throws -> [MemorySearchHit] {
        let (likeSQL, likeArguments) = Self.likeConditions(likeTerms)
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT m.id, m.kind, m.title, m.tags, m.pinned, m.updated_at,
                       snippet(\(index), -1, '', '', '…', 24) AS snippet,
                       bm25(\(index), \(Self.weights)) AS rank
                FROM \(index) JOIN memory m ON m.rowid = \(index).rowid
                WHERE \(index) MATCH ? AND m.workspace_id = ? AND (? IS NULL OR m.kind = ?) \(likeSQL)
                ORDER BY rank, m.id
                LIMIT ?
                """,
            arguments: StatementArguments([match, workspace.rawValue, query.kind?.rawValue, query.kind?.rawValue])
                + likeArguments + [query.limit]
        )
        return try rows.map { row in
            MemorySearchHit(
                memory: try MemoryRows.summary(from: row),
                snippet: Self.oneLine(try row.decode(forColumn: "snippet")),
                score: -(try row.decode(Double.self, forColumn: "rank"))
            )
        }
    }

    private func likeSearch(terms: [String], in db: Database) throws -> [MemorySearchHit] {
        let (likeSQL, likeArguments) = Self.likeConditions(terms)
        let titleHits = terms.map { _ in "(m.title LIKE ? ESCAPE '\\')" }.joined(separator: " + ")
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT m.id, m.kind, m.title, m.tags, m.pinned, m.updated_at, m.body, (\(titleHits)) AS title_hits
                FROM memory m
                WHERE m.workspace_id = ? AND (? IS NULL OR m.kind = ?) \(likeSQL)
                ORDER BY title_hits DESC, m.updated_at DESC, m.id
                LIMIT ?
                """,
            arguments: StatementArguments(terms.map(Self.likePattern)) + [workspace.rawValue, query.kind?.rawValue, query.kind?.rawValue]
                + likeArguments + [query.limit]
        )
        return try rows.map { row in
            let body: String = try row.decode(forColumn: "body")
            return MemorySearchHit(
                memory: try MemoryRows.summary(from: row),
                snippet: Self.excerpt(of: body, around: terms[0]),
                score: try row.decode(Double.self, forColumn: "title_hits")
            )
        }
    }

    /// `AND (title LIKE ? OR body LIKE ? OR tags LIKE ?)` for each term, with its arguments.
    private static func likeConditions(_ terms: [String]) -> (String, StatementArguments) {
        var sql = ""
        var arguments = StatementArguments()
        for term in terms {
            sql += " AND (m.title LIKE ? ESCAPE '\\' OR m.body LIKE ? ESCAPE '\\' OR m.tags LIKE ? ESCAPE '\\')"
            let pattern = likePattern(term)
            arguments += [pattern, pattern, pattern]
        }
        return (sql, arguments)
    }

    private static func likePattern(_ term: String) -> String {
        var escaped = ""
        for character in term {
            if character == "%" || character == "_" || character == "\\" { escaped.append("\\") }
            escaped.append(character)
        }
        return "%" + escaped + "%"
    }

    private static func quoted(_ term: String) -> String {
        "\"" + term.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    private static func excerpt(of body: String, around term: String) -> String {
        guard let range = body.range(of: term, options: .caseInsensitive) else { return oneLine(String(body.prefix(80))) }
        let start = body.index(range.lowerBound, offsetBy: -30, limitedBy: body.startIndex) ?? body.startIndex
        let end = body.index(range.upperBound, offsetBy: 50, limitedBy: body.endIndex) ?? body.endIndex
        return (start > body.startIndex ? "…" : "") + oneLine(String(body[start..<end])) + (end < body.endIndex ? "…" : "")
    }

    private static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
