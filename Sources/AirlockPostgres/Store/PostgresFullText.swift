import AirlockCore

/// How a ``SearchText`` is run against PostgreSQL: as a `tsquery` over the generated
/// `tsvector` columns, or — when a term is in a script written without spaces (CJK, Thai),
/// which the `simple` parser cannot split into words — as `ILIKE` substring patterns.
///
/// No user text is ever parsed as query syntax: the `tsquery` is built from the terms'
/// runs of letters, digits and marks only, folded like the indexed text (``SearchSchema``),
/// each quoted and matched as a prefix; patterns escape `%`, `_` and `\`.
enum PostgresFullText: Equatable {
    /// Match this `tsquery` (in its text form, for `to_tsquery('simple', …)`).
    case words(tsquery: String, firstWord: String)
    /// Match these `ILIKE` patterns (each one, or any one).
    case substrings(patterns: [String], firstTerm: String)
    /// Nothing searchable in the text (only punctuation): no results.
    case nothing

    init(_ text: SearchText) {
        if text.needsSubstringMatching {
            self = .substrings(patterns: text.terms.map(SearchText.likePattern), firstTerm: text.terms[0])
            return
        }
        // A term such as `e-mail` or `title:secret` is several words, all required.
        let groups = text.terms.map { Self.words(in: SearchSchema.unaccented($0)) }.filter { !$0.isEmpty }
        guard let firstWord = groups.first?.first else {
            self = .nothing
            return
        }
        let terms = groups.map { words in "(" + words.map { "'\($0)':*" }.joined(separator: " & ") + ")" }
        self = .words(tsquery: terms.joined(separator: text.matching == .all ? " & " : " | "), firstWord: firstWord)
    }

    /// The runs of letters, digits and combining marks in `term`: characters that are never
    /// `tsquery` syntax (quotes, operators, `:`, `*`, parentheses, spaces).
    static func words(in term: String) -> [String] {
        var words: [String] = []
        var current = String.UnicodeScalarView()
        for scalar in term.unicodeScalars {
            if isWordScalar(scalar) {
                current.append(scalar)
            } else if !current.isEmpty {
                words.append(String(current))
                current = String.UnicodeScalarView()
            }
        }
        if !current.isEmpty { words.append(String(current)) }
        return words
    }

    private static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        let properties = scalar.properties
        switch properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark:
            return true
        default:
            return properties.isAlphabetic || properties.numericType != nil
        }
    }

    /// The term an excerpt is centred on.
    var excerptTerm: String? {
        switch self {
        case .words(_, let word): return word
        case .substrings(_, let term): return term
        case .nothing: return nil
        }
    }
}
