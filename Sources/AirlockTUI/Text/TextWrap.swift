/// Lays styled text out in lines no wider than a given number of columns.
///
/// Lines break at spaces where they can; a word longer than a line is broken between
/// grapheme clusters; wide (CJK) characters and emoji take two columns and a line may
/// break before or after any of them. A grapheme cluster is never split: combining
/// marks, variation selectors and zero-width joiners stay with their base, even when
/// they arrive in a different span. `"\n"` starts a new line; `"\t"` moves to the next
/// multiple of ``tabWidth`` columns.
///
/// Text is untrusted: every span is sanitized with `TerminalText` first, so an escape
/// sequence shows as visible stand-ins (`␛[2J`) and is measured as such.
///
/// Spaces where a line wraps are dropped; spaces that begin a hard line are kept (code
/// indentation); spaces at the end of a hard line are dropped. Every line is at most
/// `width` columns; only at a width of 1 does a wide character overflow, on a line of
/// its own.
public enum TextWrap {
    /// Columns between tab stops.
    public static let tabWidth = 4

    /// Wraps `spans` to `width` columns, indenting every line after the first by
    /// `continuationIndent` columns (a hanging indent).
    ///
    /// - Returns: at least one line.
    public static func lines(_ spans: [StyledSpan], width: Int, continuationIndent: Int = 0) -> [StyledLine] {
        let indent = continuationIndent > 0 ? [StyledSpan(String(repeating: " ", count: continuationIndent), spacing(spans))] : []
        return lines(spans, width: width, firstPrefix: [], continuationPrefix: indent)
    }

    /// Wraps plain `text` in one `style` to `width` columns.
    ///
    /// - Returns: at least one line.
    public static func lines(_ text: String, style: CellStyle, width: Int, continuationIndent: Int = 0) -> [StyledLine] {
        lines([StyledSpan(text, style)], width: width, continuationIndent: continuationIndent)
    }

    /// Wraps `spans` to `width` columns, starting the first line with `firstPrefix` and
    /// every later one with `continuationPrefix` (list markers, quote bars).
    ///
    /// The prefixes count towards `width`; one that leaves less than two columns for text
    /// (too few for a wide character) is left out.
    ///
    /// - Returns: at least one line.
    public static func lines(_ spans: [StyledSpan], width: Int, firstPrefix: [StyledSpan], continuationPrefix: [StyledSpan]) -> [StyledLine] {
        var layout = WrapLayout(width: max(1, width), firstPrefix: firstPrefix, continuationPrefix: continuationPrefix)
        for (index, glyphs) in WrapGlyph.hardLines(spans, tabWidth: tabWidth).enumerated() {
            if index > 0 { layout.breakLine() }
            for token in WrapToken.tokens(glyphs) { layout.place(token) }
        }
        return layout.finish()
    }

    /// A plain style for padding spaces: the colours of the first span, no attributes.
    private static func spacing(_ spans: [StyledSpan]) -> CellStyle {
        guard let first = spans.first?.style else { return .plain }
        return CellStyle(foreground: first.foreground, background: first.background)
    }
}
