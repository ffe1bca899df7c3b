/// The styles Markdown is drawn in, taken from a theme's roles.
struct MarkdownStyles: Sendable {
    let theme: Theme
    /// Body text.
    let text: CellStyle
    /// `#`, `##`, and `###` and deeper.
    let headings: [CellStyle]
    /// Bullets and list numbers.
    let bullet: CellStyle
    /// Block quote bars and text.
    let quoteBar: CellStyle
    let quoteText: CellStyle
    /// Code block text, its bar, and its language label.
    let code: CellStyle
    let codeBar: CellStyle
    let codeLabel: CellStyle
    /// Horizontal rules.
    let rule: CellStyle

    init(_ theme: Theme) {
        self.theme = theme
        text = theme.plain
        headings = [theme.text(theme.accent, [.bold, .underline]), theme.text(theme.accent, .bold), theme.text(theme.foreground, .bold)]
        bullet = theme.text(theme.accent)
        quoteBar = theme.text(theme.muted)
        quoteText = theme.text(theme.muted)
        code = theme.text(theme.code)
        codeBar = theme.text(theme.border)
        codeLabel = theme.text(theme.muted, .italic)
        rule = theme.text(theme.border)
    }

    /// The style of a heading of `level` (1–6).
    func heading(_ level: Int) -> CellStyle {
        headings[min(level, headings.count) - 1]
    }

    /// Inline code inside text drawn in `style`: the code colour, the emphasis kept.
    func inlineCode(on style: CellStyle) -> CellStyle {
        CellStyle(foreground: theme.code, background: style.background, attributes: style.attributes)
    }

    /// A link's text inside text drawn in `style`.
    func link(on style: CellStyle) -> CellStyle {
        CellStyle(foreground: theme.accent, background: style.background, attributes: style.attributes.union(.underline))
    }

    /// A link's address after its text.
    func url(on style: CellStyle) -> CellStyle {
        CellStyle(foreground: theme.muted, background: style.background)
    }
}
