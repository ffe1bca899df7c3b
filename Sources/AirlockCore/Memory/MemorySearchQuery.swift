/// A validated memory search: free text split into terms, all of which must match.
///
/// Terms are matched as words (with prefix matching, so `campa` finds `campaign`) and, in
/// scripts written without spaces (Chinese, Japanese, Korean, Thai), as substrings. Results
/// rank title matches above tag matches above body matches.
public struct MemorySearchQuery: Sendable, Equatable {
    /// The longest query, in characters.
    public static let lengthLimit = 256
    /// The most results one search returns.
    public static let resultLimit = 500

    /// The terms, each trimmed and non-empty.
    public let terms: [String]
    /// How many hits to return at most.
    public let limit: Int
    /// Only documents of this kind, if set.
    public let kind: MemoryKind?

    /// Validates a query.
    ///
    /// - Throws: ``InputError`` if the text is empty or too long, or `limit` is out of range.
    public init(_ text: String, limit: Int = 20, kind: MemoryKind? = nil) throws(InputError) {
        guard text.count <= Self.lengthLimit else {
            throw InputError(field: "search query", reason: "it is \(text.count) characters long; the limit is \(Self.lengthLimit)")
        }
        guard !text.unicodeScalars.contains(where: { TerminalText.needsReplacement($0) && $0 != "\t" && $0 != "\n" }) else {
            throw InputError(field: "search query", reason: "it contains control characters")
        }
        let terms = text.split(whereSeparator: { $0.isWhitespace }).map(String.init)
        guard !terms.isEmpty else { throw InputError(field: "search query", reason: "it is empty") }
        guard (1...Self.resultLimit).contains(limit) else {
            throw InputError(field: "limit", reason: "\(limit) is outside 1…\(Self.resultLimit)")
        }
        self.terms = terms
        self.limit = limit
        self.kind = kind
    }

    /// Whether any term holds characters of a script written without spaces between words,
    /// which word tokenizers cannot split.
    public var needsSubstringMatching: Bool {
        terms.contains { term in term.unicodeScalars.contains(where: Self.isUnsegmentedScript) }
    }

    static func isUnsegmentedScript(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0E00...0x0EFF,            // Thai, Lao
             0x1100...0x11FF,            // Hangul Jamo
             0x3040...0x30FF,            // Hiragana, Katakana
             0x3100...0x312F,            // Bopomofo
             0x3130...0x318F,            // Hangul compatibility Jamo
             0x3400...0x4DBF,            // CJK extension A
             0x4E00...0x9FFF,            // CJK unified ideographs
             0xAC00...0xD7AF,            // Hangul syllables
             0xF900...0xFAFF,            // CJK compatibility ideographs
             0xFF66...0xFF9F,            // half-width Katakana
             0x20000...0x3FFFF:          // CJK extensions B and later
            return true
        default:
            return false
        }
    }
}
