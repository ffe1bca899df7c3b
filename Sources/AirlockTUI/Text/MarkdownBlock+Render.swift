extension MarkdownBlock {
    /// Bullets by nesting (every two columns of indentation).
    private static let bullets = ["•", "◦", "▪"]

    /// The block's lines at `width` columns.
    ///
    /// - Parameter isEdge: whether the block is the text's first or last; a blank block
    ///   there shows nothing (a reply neither starts nor ends with an empty line).
    func render(width: Int, styles: MarkdownStyles, isEdge: Bool) -> [StyledLine] {
        let width = max(1, width)
        switch kind {
        case .blank:
            return isEdge ? [] : [StyledLine()]
        case .rule:
            return [StyledLine([StyledSpan(String(repeating: "─", count: width), styles.rule)])]
        case .paragraph:
            return TextWrap.lines(inline(styles.text, styles), width: width)
        case .heading(let level):
            return TextWrap.lines(inline(styles.heading(level), styles), width: width)
        case .quote(let depth):
            let bar = [StyledSpan(String(repeating: "│ ", count: depth), styles.quoteBar)]
            return TextWrap.lines(inline(styles.quoteText, styles), width: width, firstPrefix: bar, continuationPrefix: bar)
        case .listItem(let marker, let indent):
            let symbol = "-*+".contains(marker) ? Self.bullets[(indent / 2) % Self.bullets.count] : marker
            let first = [StyledSpan(String(repeating: " ", count: indent) + symbol + " ", styles.bullet)]
            let hanging = [StyledSpan(String(repeating: " ", count: DisplayWidth.of(first[0].text)), styles.text)]
            return TextWrap.lines(inline(styles.text, styles), width: width, firstPrefix: first, continuationPrefix: hanging)
        case .code(let language):
            return code(language: language, width: width, styles: styles)
        }
    }

    private func inline(_ base: CellStyle, _ styles: MarkdownStyles) -> [StyledSpan] {
        MarkdownInline.spans(lines.joined(separator: "\n"), base: base, styles: styles)
    }

    /// Code lines behind a bar, the language above them; a wrapped line's rest is indented.
    private func code(language: String?, width: Int, styles: MarkdownStyles) -> [StyledLine] {
        let bar = [StyledSpan("▎ ", styles.codeBar)]
        let hanging = [StyledSpan("▎ ", styles.codeBar), StyledSpan("  ", styles.code)]
        var result: [StyledLine] = []
        if let language {
            result += TextWrap.lines([StyledSpan(language, styles.codeLabel)], width: width, firstPrefix: bar, continuationPrefix: bar)
        }
        for line in lines {
            result += TextWrap.lines([StyledSpan(String(line), styles.code)], width: width, firstPrefix: bar, continuationPrefix: hanging)
        }
        return result.isEmpty ? [StyledLine(bar)] : result
    }
}
