import AirlockCore
import Foundation

/// Matches one ``SearchText`` against plain text by scanning, with the same rules as the
/// SQLite full-text indexes (``FullTextPlan``): terms match words or word prefixes,
/// ignoring case and diacritics; when a term is in a script written without spaces (CJK,
/// Thai), every term matches as a substring instead.
struct TextScan {
    private enum Term {
        case words([String])
        case substring(String)
    }

    private let terms: [Term]
    private let original: [String]
    let matching: TermMatching

    init(_ text: SearchText) {
        matching = text.matching
        if text.needsSubstringMatching {
            terms = text.terms.map { .substring(Self.folded($0)) }
            original = text.terms
        } else {
            let kept = text.terms.filter { !Self.words(of: $0).isEmpty }
            terms = kept.map { .words(Self.words(of: $0)) }
            original = kept
        }
    }

    /// Whether nothing in the text can match (only punctuation).
    var isEmpty: Bool { terms.isEmpty }

    /// How often each term occurs in `text` (as a phrase of words ending in a prefix, or
    /// as a substring).
    func counts(in text: String) -> [Int] {
        let folded = Self.folded(text)
        let words = terms.contains { if case .words = $0 { true } else { false } } ? Self.words(of: folded) : []
        return terms.map { term in
            switch term {
            case .substring(let needle): return Self.occurrences(of: needle, in: folded)
            case .words(let phrase): return Self.phraseCount(phrase, in: words)
            }
        }
    }

    /// Whether `counts` (summed over fields) satisfy the query: every term, or any term.
    func accepts(_ counts: [Int]) -> Bool {
        matching == .all ? counts.allSatisfy { $0 > 0 } : counts.contains { $0 > 0 }
    }

    /// A short one-line excerpt of `text` around the first term it holds, else its start.
    func excerpt(of text: String) -> String {
        let term = original.first { text.range(of: $0, options: [.caseInsensitive, .diacriticInsensitive]) != nil } ?? original.first ?? ""
        return SearchText.excerpt(of: text, around: term)
    }

    /// Whether `text` holds any of the terms as typed.
    func holdsATerm(_ text: String) -> Bool {
        original.contains { text.range(of: $0, options: [.caseInsensitive, .diacriticInsensitive]) != nil }
    }

    private static func folded(_ text: String) -> String {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
    }

    private static func words(of text: String) -> [String] {
        folded(text).split { character in
            !character.unicodeScalars.contains { $0.properties.isAlphabetic || $0.properties.numericType != nil }
        }.map(String.init)
    }

    private static func occurrences(of needle: String, in haystack: String) -> Int {
        guard !needle.isEmpty else { return 0 }
        var count = 0
        var searchRange = haystack.startIndex..<haystack.endIndex
        while let found = haystack.range(of: needle, range: searchRange) {
            count += 1
            searchRange = found.upperBound..<haystack.endIndex
        }
        return count
    }

    private static func phraseCount(_ phrase: [String], in words: [String]) -> Int {
        guard !phrase.isEmpty, words.count >= phrase.count else { return 0 }
        var count = 0
        for start in 0...(words.count - phrase.count) {
            let matches = phrase.indices.allSatisfy { offset in
                offset == phrase.count - 1 ? words[start + offset].hasPrefix(phrase[offset]) : words[start + offset] == phrase[offset]
            }
            if matches { count += 1 }
        }
        return count
    }
}

/// Ranks memory documents against a ``MemorySearchQuery`` by scanning, with the SQLite
/// store's contract: a title match outranks a tag match, which outranks a body match.
struct MemoryScan {
    /// Field weights, as in ``MemorySearch``: title 10, tags 4, body 1. A field's share
    /// grows with its number of matches but stays below the next weight's least share.
    static let weights = (title: 10.0, tags: 4.0, body: 1.0)

    let query: MemorySearchQuery

    /// The matching documents with a snippet and a score, best first, at most `limit`.
    func ranked(_ documents: [MemoryDocument]) -> [(MemoryDocument, String, Double)] {
        let scan = TextScan(query.text)
        guard !scan.isEmpty else { return [] }
        var hits: [(MemoryDocument, String, Double)] = []
        for document in documents where query.kind == nil || document.kind == query.kind {
            let title = scan.counts(in: document.title)
            let tags = scan.counts(in: document.tags.joined(separator: " "))
            let body = scan.counts(in: document.body)
            let total = title.indices.map { title[$0] + tags[$0] + body[$0] }
            guard scan.accepts(total) else { continue }
            let score = title.indices.reduce(0.0) { sum, index in
                sum + Self.weights.title * Self.share(title[index]) + Self.weights.tags * Self.share(tags[index])
                    + Self.weights.body * Self.share(body[index])
            }
            let snippet = scan.holdsATerm(document.body) || !scan.holdsATerm(document.title) ? scan.excerpt(of: document.body) : document.title
            hits.append((document, snippet, score))
        }
        hits.sort { a, b in
            if a.2 != b.2 { return a.2 > b.2 }
            if a.0.updatedAt != b.0.updatedAt { return a.0.updatedAt > b.0.updatedAt }
            return a.0.id < b.0.id
        }
        return Array(hits.prefix(query.limit))
    }

    /// `n / (n + 1)`: 0 for no match, from ½ towards 1 for more matches.
    static func share(_ count: Int) -> Double {
        Double(count) / Double(count + 1)
    }
}
