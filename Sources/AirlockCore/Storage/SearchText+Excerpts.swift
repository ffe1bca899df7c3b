extension SearchText {
    /// `%term%` with `%`, `_` and `\` escaped, for `LIKE … ESCAPE '\'` in every backend.
    package static func likePattern(_ term: String) -> String {
        var escaped = ""
        for character in term {
            if character == "%" || character == "_" || character == "\\" { escaped.append("\\") }
            escaped.append(character)
        }
        return "%" + escaped + "%"
    }

    /// A short one-line excerpt of `text` around the first occurrence of `term`.
    package static func excerpt(of text: String, around term: String) -> String {
        guard let range = text.range(of: term, options: [.caseInsensitive, .diacriticInsensitive]) else { return oneLine(String(text.prefix(80))) }
        let start = text.index(range.lowerBound, offsetBy: -30, limitedBy: text.startIndex) ?? text.startIndex
        let end = text.index(range.upperBound, offsetBy: 50, limitedBy: text.endIndex) ?? text.endIndex
        return (start > text.startIndex ? "…" : "") + oneLine(String(text[start..<end])) + (end < text.endIndex ? "…" : "")
    }

    /// `text` with line breaks turned into spaces.
    package static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
