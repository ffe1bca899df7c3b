/// Inline Markdown — `**bold**`, `*italic*`, `_italic_`, `` `code` ``, `[text](url)`,
/// `<https://…>` and backslash escapes — turned into styled spans.
///
/// Emphasis follows CommonMark's flanking rules in short: `*` or `_` opens only before
/// a non-space and closes only after one, and `_` never acts inside a word
/// (`snake_case_name`), so `2 * 3` and identifiers stay literal. What is still open at the
/// end of the text stays styled to the end (a reply streaming mid-`**bold`), markers
/// hidden. An unclosed backtick makes code up to the end of its line.
/// Links show as `text (url)` — the URL as plain text, never a terminal hyperlink.
struct MarkdownInline {
    private let characters: [Character]
    private let base: CellStyle
    private let styles: MarkdownStyles
    private var spans: [StyledSpan] = []
    private var bold: Character?
    private var italic: Character?
    private var index = 0

    /// The spans of `text` drawn on `base`.
    static func spans(_ text: String, base: CellStyle, styles: MarkdownStyles) -> [StyledSpan] {
        var parser = MarkdownInline(characters: Array(text), base: base, styles: styles)
        parser.run()
        return parser.spans
    }

    private init(characters: [Character], base: CellStyle, styles: MarkdownStyles) {
        self.characters = characters
        self.base = base
        self.styles = styles
    }

    private var current: CellStyle {
        var style = base
        if bold != nil { style.attributes.insert(.bold) }
        if italic != nil { style.attributes.insert(.italic) }
        return style
    }

    private mutating func run() {
        while index < characters.count {
            let character = characters[index]
            switch character {
            case "\\" where index + 1 < characters.count && Self.isPunctuation(characters[index + 1]):
                emit(String(characters[index + 1]), current)
                index += 2
            case "`":
                code()
            case "[":
                if !link() { literal() }
            case "<":
                if !autolink() { literal() }
            case "*", "_":
                emphasis(character)
            default:
                literal()
            }
        }
    }

    private mutating func literal() {
        emit(String(characters[index]), current)
        index += 1
    }

    private mutating func emit(_ text: String, _ style: CellStyle) {
        if let last = spans.indices.last, spans[last].style == style {
            spans[last].text += text
        } else {
            spans.append(StyledSpan(text, style))
        }
    }

    // MARK: - Code spans

    private mutating func code() {
        let run = count(of: "`", from: index)
        let open = index + run
        var search = open
        while search < characters.count {
            if characters[search] == "`" {
                let closing = count(of: "`", from: search)
                if closing == run {
                    emit(Self.codeText(characters[open..<search]), styles.inlineCode(on: current))
                    index = search + closing
                    return
                }
                search += closing
            } else {
                search += 1
            }
        }
        let lineEnd = characters[open...].firstIndex(of: "\n") ?? characters.count
        emit(String(characters[open..<lineEnd]), styles.inlineCode(on: current))
        index = lineEnd
    }

    /// Code span content: line breaks become spaces, one space each side is trimmed.
    private static func codeText(_ content: ArraySlice<Character>) -> String {
        var text = String(content.map { $0 == "\n" ? " " : $0 })
        if text.count >= 2, text.first == " ", text.last == " ", text.contains(where: { $0 != " " }) {
            text = String(text.dropFirst().dropLast())
        }
        return text
    }

    private func count(of character: Character, from start: Int) -> Int {
        characters[start...].prefix { $0 == character }.count
    }

    // MARK: - Links

    /// `[text](url)` on one line; false if what follows `[` is not a link.
    private mutating func link() -> Bool {
        guard let close = matchingBracket(from: index), close + 1 < characters.count, characters[close + 1] == "(" else { return false }
        var depth = 0
        var end = close + 2
        while end < characters.count {
            let character = characters[end]
            if character.isWhitespace { return false }
            if character == "(" { depth += 1 }
            if character == ")" {
                if depth == 0 { break }
                depth -= 1
            }
            end += 1
        }
        guard end < characters.count else { return false }
        let url = String(characters[(close + 2)..<end])
        let label = String(characters[(index + 1)..<close])
        let linkStyle = styles.link(on: current)
        if label.isEmpty || label == url {
            emit(url, linkStyle)
        } else {
            for span in Self.spans(label, base: linkStyle, styles: styles) { emit(span.text, span.style) }
            emit(" (" + url + ")", styles.url(on: current))
        }
        index = end + 1
        return true
    }

    private func matchingBracket(from open: Int) -> Int? {
        var depth = 0
        var position = open + 1
        while position < characters.count, characters[position] != "\n" {
            switch characters[position] {
            case "\\": position += 1
            case "[": depth += 1
            case "]" where depth == 0: return position
            case "]": depth -= 1
            default: break
            }
            position += 1
        }
        return nil
    }

    /// `<https://…>`, `<http://…>` or `<mailto:…>`: the address alone.
    private mutating func autolink() -> Bool {
        guard let close = characters[index...].firstIndex(where: { $0 == ">" || $0.isWhitespace }), characters[close] == ">" else { return false }
        let address = String(characters[(index + 1)..<close])
        guard ["https://", "http://", "mailto:"].contains(where: { address.lowercased().hasPrefix($0) }) else { return false }
        emit(address, styles.link(on: current))
        index = close + 1
        return true
    }

    // MARK: - Emphasis

    private mutating func emphasis(_ marker: Character) {
        let run = count(of: marker, from: index)
        let before = index > 0 ? characters[index - 1] : nil
        let after = index + run < characters.count ? characters[index + run] : nil
        let left = Self.isLeftFlanking(before: before, after: after)
        let right = Self.isLeftFlanking(before: after, after: before)
        let canOpen = marker == "*" ? left : left && (!right || before.map(Self.isPunctuation) == true)
        let canClose = marker == "*" ? right : right && (!left || after.map(Self.isPunctuation) == true)
        var remaining = run
        if canClose {
            if remaining >= 2, bold == marker { bold = nil; remaining -= 2 }
            if remaining >= 1, italic == marker { italic = nil; remaining -= 1 }
        }
        if canOpen, remaining == run {
            if remaining >= 2, bold == nil { bold = marker; remaining -= 2 }
            if remaining >= 1, italic == nil { italic = marker; remaining -= 1 }
        }
        index += run
        if remaining > 0 { emit(String(repeating: marker, count: remaining), current) }
    }

    /// Whether a delimiter run between `before` and `after` can open (mirrored: close).
    private static func isLeftFlanking(before: Character?, after: Character?) -> Bool {
        guard let after, !after.isWhitespace else { return false }
        guard isPunctuation(after) else { return true }
        guard let before else { return true }
        return before.isWhitespace || isPunctuation(before)
    }

    private static func isPunctuation(_ character: Character) -> Bool {
        character.isPunctuation || character.isSymbol
    }
}
