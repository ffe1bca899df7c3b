/// Renders the Markdown-ish text of chat messages as styled lines for a width and theme.
///
/// Understood: ATX headings (`#`, `##`, `###`), `**bold**`, `*italic*` and `_italic_`,
/// `` `inline code` ``, bullet (`-`, `*`, `+`) and numbered (`1.`, `1)`) lists with a
/// hanging indent (nested as indented), block quotes (`>` and `> >`) behind a muted bar,
/// fenced code blocks (```` ``` ```` or `~~~`, with an optional language) behind a bar in
/// the theme's code colour, links `[text](url)` shown as `text (url)`, `<https://…>`,
/// horizontal rules (`---`, `***`, `___`), and backslash escapes. Line breaks inside a
/// paragraph are kept, as chat users expect; runs of blank lines show as one; a reply never
/// starts or ends with an empty line. Anything else shows as written.
///
/// All text is sanitized (see ``TextWrap``): no escape sequence from a model, a tool or a
/// memory reaches the terminal, and URLs are plain text, never hyperlink escapes.
///
/// Unfinished constructs, as in a reply still streaming, render sensibly: an unclosed code
/// fence is a code block to the end, unclosed `**`/`*`/`_` emphasis runs to the end of its
/// block, an unclosed backtick makes code to the end of its line, and a half-written link
/// shows as typed until its `)` arrives.
///
/// For a streaming message use ``RenderedMarkdown``, which keeps the lines of finished
/// blocks and re-renders only the tail.
public enum MarkdownLite {
    /// Renders `text` at `width` columns in `theme`.
    public static func render(_ text: String, width: Int, theme: Theme) -> [StyledLine] {
        RenderedMarkdown(text, width: width, theme: theme).lines
    }
}
