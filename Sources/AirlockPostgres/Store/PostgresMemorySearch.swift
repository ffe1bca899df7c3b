import AirlockCore
import PostgresNIO

/// Runs a ``MemorySearchQuery`` against a workspace's memory: `ts_rank` over the weighted
/// `search` vector (title A = 1.0, tags B = 0.4, body D = 0.1, the SQLite store's 10 : 4 : 1),
/// or, for unsegmented scripts, `ILIKE` ranked by the number of terms found in the title.
struct PostgresMemorySearch {
    /// `ts_rank` weights, in PostgreSQL's order {D, C, B, A}.
    static let weights = "{0.1, 0.0, 0.4, 1.0}"

    let query: MemorySearchQuery

    /// Hits with a summary and a snippet.
    func hits(in tx: TenantTransaction) async throws -> [MemorySearchHit] {
        let plan = PostgresFullText(query.text)
        return try await scored(in: tx, plan: plan).map { document, score in
            let snippet = SearchText.excerpt(of: document.body, around: plan.excerptTerm ?? "")
            return MemorySearchHit(memory: document.summary, snippet: snippet, score: score)
        }
    }

    /// Whole matching documents, best first.
    func documents(in tx: TenantTransaction) async throws -> [MemoryDocument] {
        try await scored(in: tx, plan: PostgresFullText(query.text)).map(\.0)
    }

    /// Matching documents with their scores (higher is better), best first.
    private func scored(in tx: TenantTransaction, plan: PostgresFullText) async throws -> [(MemoryDocument, Double)] {
        let kind = query.kind?.rawValue
        let limit = Int64(query.limit)
        let rows: [PostgresRow]
        switch plan {
        case .nothing:
            return []
        case .words(let tsquery, _):
            rows = try await tx.rows("""
                SELECT \(unescaped: PostgresMemoryRows.documentColumns),
                       ts_rank(\(unescaped: "'\(Self.weights)'"), m.search, q)::float8 AS score
                FROM airlock.memory m, to_tsquery('simple', \(tsquery)) q
                WHERE m.workspace_id = \(tx.id) AND (\(kind)::text IS NULL OR m.kind = \(kind)::text) AND m.search @@ q
                ORDER BY score DESC, m.id
                LIMIT \(limit)
                """)
        case .substrings(let patterns, _):
            let combine = query.text.matching == .all ? "bool_and" : "bool_or"
            rows = try await tx.rows("""
                SELECT \(unescaped: PostgresMemoryRows.documentColumns),
                       (SELECT count(*) FROM unnest(\(patterns)::text[]) p WHERE m.title ILIKE p ESCAPE '\\')::float8 AS score
                FROM airlock.memory m
                WHERE m.workspace_id = \(tx.id) AND (\(kind)::text IS NULL OR m.kind = \(kind)::text)
                  AND (SELECT \(unescaped: combine)(m.title ILIKE p ESCAPE '\\' OR m.body ILIKE p ESCAPE '\\' OR m.tags ILIKE p ESCAPE '\\')
                       FROM unnest(\(patterns)::text[]) p)
                ORDER BY score DESC, m.updated_at DESC, m.id
                LIMIT \(limit)
                """)
        }
        return try rows.map { row in
            (try PostgresMemoryRows.document(from: row), try row.makeRandomAccess()[8].decode(Double.self))
        }
    }
}
