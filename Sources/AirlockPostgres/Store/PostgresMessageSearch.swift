import AirlockCore
import PostgresNIO

/// Runs a ``MessageSearchQuery`` against a workspace's chat messages: `ts_rank` over each
/// message's `search` vector, or, for unsegmented scripts, `ILIKE`, newest first.
struct PostgresMessageSearch {
    let query: MessageSearchQuery

    /// Matching messages with their session, best first.
    func hits(in tx: TenantTransaction) async throws -> [MessageSearchHit] {
        let plan = PostgresFullText(query.text)
        let columns = "m.session_id, s.title, m.seq, m.role, m.content"
        let limit = Int64(query.text.limit)
        let rows: [PostgresRow]
        switch plan {
        case .nothing:
            return []
        case .words(let tsquery, _):
            rows = try await tx.rows("""
                SELECT \(unescaped: columns), ts_rank(m.search, q)::float8 AS score
                FROM airlock.chat_message m
                JOIN airlock.chat_session s ON s.workspace_id = m.workspace_id AND s.id = m.session_id,
                     to_tsquery('simple', \(tsquery)) q
                WHERE m.workspace_id = \(tx.id) AND m.search @@ q
                ORDER BY score DESC, m.session_id, m.seq
                LIMIT \(limit)
                """)
        case .substrings(let patterns, _):
            let combine = query.text.matching == .all ? "bool_and" : "bool_or"
            rows = try await tx.rows("""
                SELECT \(unescaped: columns), 0::float8 AS score
                FROM airlock.chat_message m
                JOIN airlock.chat_session s ON s.workspace_id = m.workspace_id AND s.id = m.session_id
                WHERE m.workspace_id = \(tx.id)
                  AND (SELECT \(unescaped: combine)(m.content ILIKE p ESCAPE '\\') FROM unnest(\(patterns)::text[]) p)
                ORDER BY m.created_at DESC, m.session_id, m.seq
                LIMIT \(limit)
                """)
        }
        return try rows.map { row in
            let (session, title, sequence, role, content, score) = try row.decode((String, String, Int32, String, String, Double).self)
            return MessageSearchHit(session: try SessionID(session), sessionTitle: title, sequence: Int64(sequence),
                                    role: try PostgresMessageRows.role(role),
                                    snippet: SearchText.excerpt(of: content, around: plan.excerptTerm ?? ""), score: score)
        }
    }
}
