/// Whether every term of a search must match, or any one of them.
public enum TermMatching: Sendable, Equatable {
    /// Every term must match (searches typed by people).
    case all
    /// Any term may match; more matches rank higher (retrieval for the model's context).
    case any
}

/// Validated search text: its terms, how they combine, and how many hits to return.
public struct SearchText: Sendable, Equatable {
    /// The longest query, in characters.
    public static let lengthLimit = 256
    /// The most results one search returns.
    public static let resultLimit = 500

    /// The terms, each trimmed and non-empty.
    public let terms: [String]
    /// How many hits to return at most.
    public let limit: Int
    /// Whether all terms or any term must match.
    public let matching: TermMatching

    /// Validates search text.
    ///
    /// - Throws: ``InputError`` if the text is empty, too long or holds control characters,
    ///   or `limit` is out of range.
    public init(_ text: String, limit: Int, matching: TermMatching) throws(InputError) {
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
        self.matching = matching
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
