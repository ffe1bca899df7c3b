/// A validated memory search: free text split into terms that must all (or, for
/// retrieval, any) match.
///
/// Terms are matched as words (with prefix matching, so `campa` finds `campaign`) and, in
/// scripts written without spaces (Chinese, Japanese, Korean, Thai), as substrings. Results
/// rank title matches above tag matches above body matches.
public struct MemorySearchQuery: Sendable, Equatable {
    /// The longest query, in characters.
    public static let lengthLimit = SearchText.lengthLimit
    /// The most results one search returns.
    public static let resultLimit = SearchText.resultLimit

    /// The validated terms and limit.
    public let text: SearchText
    /// Only documents of this kind, if set.
    public let kind: MemoryKind?

    /// Validates a query.
    ///
    /// - Throws: ``InputError`` if the text is empty or too long, or `limit` is out of range.
    public init(_ text: String, limit: Int = 20, kind: MemoryKind? = nil, matching: TermMatching = .all) throws(InputError) {
        self.text = try SearchText(text, limit: limit, matching: matching)
        self.kind = kind
    }

    /// The terms, each trimmed and non-empty.
    public var terms: [String] { text.terms }
    /// How many hits to return at most.
    public var limit: Int { text.limit }
    /// Whether a term needs substring matching (see ``SearchText/needsSubstringMatching``).
    public var needsSubstringMatching: Bool { text.needsSubstringMatching }
}
