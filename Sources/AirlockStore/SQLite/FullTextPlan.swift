import AirlockCore
import Foundation
import GRDB

/// How a ``SearchText`` is run against a pair of FTS5 indexes over the same rows.
///
/// - Word search (a `unicode61` index): every term (or any term) must match a word or word
///   prefix; ranked by BM25.
/// - Substring search (a `trigram` index), used when a term is in a script written without
///   spaces (CJK, Thai): terms of three or more characters match as substrings through the
///   index; shorter terms (`東京`) are matched with `LIKE` on the rows themselves.
///
/// Terms are always passed as quoted FTS5 strings, so no user input is parsed as query syntax.
enum FullTextPlan: Equatable {
    /// Match `expression` in `index`, and also require each of `likeTerms` by `LIKE`.
    case index(name: String, expression: String, likeTerms: [String])
    /// No index can help: match `likeTerms` by `LIKE` alone.
    case likeOnly([String])
    /// Nothing searchable in the text (only punctuation): no results.
    case nothing

    init(_ text: SearchText, wordIndex: String, trigramIndex: String) {
        let joiner = text.matching == .all ? " " : " OR "
        if !text.needsSubstringMatching {
            let words = text.terms.filter { term in
                term.unicodeScalars.contains { $0.properties.isAlphabetic || $0.properties.numericType != nil }
            }
            self = words.isEmpty ? .nothing : .index(name: wordIndex, expression: words.map { Self.quoted($0) + "*" }.joined(separator: joiner), likeTerms: [])
            return
        }
        let long = text.terms.filter { $0.unicodeScalars.count >= 3 }
        let short = text.terms.filter { $0.unicodeScalars.count < 3 }
        if long.isEmpty {
            self = .likeOnly(short)
        } else {
            // With `any`, short terms cannot narrow an OR of long ones; they are left out.
            self = .index(name: trigramIndex, expression: long.map(Self.quoted).joined(separator: joiner), likeTerms: text.matching == .all ? short : [])
        }
    }

    /// `AND (a LIKE ? OR b LIKE ?)` per term over `columns` — or, with `anyTerm`, one
    /// `AND (…)` whose groups are joined by `OR` — with its arguments.
    static func likeConditions(_ terms: [String], columns: [String], anyTerm: Bool = false) -> (String, StatementArguments) {
        guard !terms.isEmpty else { return ("", []) }
        var groups: [String] = []
        var arguments = StatementArguments()
        for term in terms {
            groups.append("(" + columns.map { "\($0) LIKE ? ESCAPE '\\'" }.joined(separator: " OR ") + ")")
            arguments += StatementArguments(Array(repeating: SearchText.likePattern(term), count: columns.count))
        }
        return (" AND (" + groups.joined(separator: anyTerm ? " OR " : " AND ") + ")", arguments)
    }

    private static func quoted(_ term: String) -> String {
        "\"" + term.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
