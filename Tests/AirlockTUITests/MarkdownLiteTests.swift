import AirlockTUI
import Testing

/// Markdown-ish chat text rendered to styled lines.
@Suite struct MarkdownLiteTests {
    private let theme = Theme.builtIn

    private func render(_ text: String, width: Int = 40) -> [StyledLine] {
        MarkdownLite.render(text, width: width, theme: theme)
    }

    private func texts(_ text: String, width: Int = 40) -> [String] {
        render(text, width: width).map(\.text)
    }

    /// The style of the first span whose text is `text`.
    private func style(of text: String, in lines: [StyledLine]) -> CellStyle? {
        lines.flatMap(\.spans).first { $0.text == text }?.style
    }

    // MARK: - Headings

    @Test func headingsDropTheirHashesAndAreBoldInTheAccent() {
        let lines = render("# Title\n## Section\n### Detail")
        #expect(lines.map(\.text) == ["Title", "Section", "Detail"])
        #expect(style(of: "Title", in: lines) == theme.text(theme.accent, [.bold, .underline]))
        #expect(style(of: "Section", in: lines) == theme.text(theme.accent, .bold))
        #expect(style(of: "Detail", in: lines) == theme.text(theme.foreground, .bold))
    }

    @Test func aHashWithoutASpaceIsNotAHeading() {
        #expect(texts("#hashtag") == ["#hashtag"])
        #expect(style(of: "#hashtag", in: render("#hashtag")) == theme.plain)
    }

    // MARK: - Emphasis and code

    @Test func boldAndItalicHideTheirMarkers() {
        let lines = render("a **b** *c* _d_ ***e***")
        #expect(lines.map(\.text) == ["a b c d e"])
        #expect(style(of: "b", in: lines) == theme.plain.with(.bold))
        #expect(style(of: "c", in: lines) == theme.plain.with(.italic))
        #expect(style(of: "d", in: lines) == theme.plain.with(.italic))
        #expect(style(of: "e", in: lines) == theme.plain.with([.bold, .italic]))
    }

    @Test func asterisksAndUnderscoresThatCannotBeEmphasisStayLiteral() {
        #expect(texts("2 * 3 * 4") == ["2 * 3 * 4"])
        #expect(texts("call snake_case_name now") == ["call snake_case_name now"])
        #expect(render("snake_case_name").flatMap(\.spans).allSatisfy { $0.style == theme.plain })
    }

    @Test func backslashEscapesShowTheCharacter() {
        #expect(texts(#"\*not italic\* and \`tick\`"#) == ["*not italic* and `tick`"])
    }

    @Test func inlineCodeIsInTheCodeColourWithItsContentLiteral() {
        let lines = render("run `ls **-la**` now")
        #expect(lines.map(\.text) == ["run ls **-la** now"])
        #expect(style(of: "ls **-la**", in: lines) == theme.text(theme.code))
    }

    @Test func anUnclosedBoldAtTheEndStaysBoldToTheEnd() {
        let lines = render("this is **bold so far")
        #expect(lines.map(\.text) == ["this is bold so far"])
        #expect(style(of: "bold so far", in: lines) == theme.plain.with(.bold))
    }

    @Test func anUnclosedBacktickMakesCodeToTheEndOfItsLine() {
        let lines = render("see `partial\nnext line")
        #expect(lines.map(\.text) == ["see partial", "next line"])
        #expect(style(of: "partial", in: lines) == theme.text(theme.code))
        #expect(style(of: "next line", in: lines) == theme.plain)
    }

    // MARK: - Links

    @Test func linksShowTheirTextThenTheURLAsPlainText() {
        let lines = render("read [the docs](https://example.com/docs) first", width: 80)
        #expect(lines.map(\.text) == ["read the docs (https://example.com/docs) first"])
        #expect(style(of: "the docs", in: lines) == theme.text(theme.accent, .underline))
        #expect(style(of: " (https://example.com/docs)", in: lines) == theme.text(theme.muted))
        #expect(!lines.map(\.text).joined().contains("\u{1B}"))
    }

    @Test func aLinkWhoseTextIsItsURLAndAnAutolinkShowTheURLOnce() {
        #expect(texts("[https://a.io](https://a.io) and <https://b.io/x>") == ["https://a.io and https://b.io/x"])
    }

    @Test func aHalfWrittenLinkShowsAsTyped() {
        #expect(texts("see [docs](https://exa") == ["see [docs](https://exa"])
    }

    @Test func escapeSequencesInTextAndURLsAreDefused() {
        let text = render("\u{1B}]8;;https://evil.example\u{7}click\u{1B}]8;;\u{7} [x](https://a.io/\u{1B}[2J)").map(\.text).joined()
        #expect(!text.unicodeScalars.contains { $0.value < 0x20 })
        #expect(text.contains("\u{241B}]8;;"))
    }

    // MARK: - Lists

    @Test func bulletListsUseBulletsAndAHangingIndent() {
        #expect(texts("- one\n* two\n+ three") == ["• one", "• two", "• three"])
        #expect(texts("- alpha beta gamma delta", width: 14) == ["• alpha beta", "  gamma delta"])
        #expect(style(of: "• ", in: render("- one")) == theme.text(theme.accent))
    }

    @Test func nestedItemsAreIndentedWithTheirOwnBullet() {
        #expect(texts("- top\n  - nested\n    - deeper") == ["• top", "  ◦ nested", "    ▪ deeper"])
    }

    @Test func numberedListsKeepTheirNumbersAndIndentUnderTheText() {
        #expect(texts("1. first\n2) second\n10. tenth item wraps here", width: 14) == ["1. first", "2) second", "10. tenth item", "    wraps here"])
    }

    @Test func listItemsAbsorbFollowingTextLines() {
        #expect(texts("- item\n  continued\n- next") == ["• item", "  continued", "• next"])
    }

    // MARK: - Quotes

    @Test func quotesGetAMutedBarAndNestOnce() {
        let lines = render("> quoted text\n> more\n> > nested reply")
        #expect(lines.map(\.text) == ["│ quoted text", "│ more", "│ │ nested reply"])
        #expect(style(of: "│ ", in: lines) == theme.text(theme.muted))
    }

    @Test func wrappedQuoteLinesKeepTheBar() {
        #expect(texts("> one two three four", width: 10) == ["│ one two", "│ three", "│ four"])
    }

    // MARK: - Code blocks

    @Test func fencedCodeShowsTheLanguageAndLinesBehindABar() {
        let lines = render("```swift\nlet x = 1\n    indented()\n```\nafter")
        #expect(lines.map(\.text) == ["▎ swift", "▎ let x = 1", "▎     indented()", "after"])
        #expect(style(of: "let x = 1", in: lines) == theme.text(theme.code))
        #expect(style(of: "▎ ", in: lines) == theme.text(theme.border))
    }

    @Test func codeIsNotParsedAsMarkdown() {
        #expect(texts("```\n# not a heading\n**not bold**\n- not a list\n```") == ["▎ # not a heading", "▎ **not bold**", "▎ - not a list"])
    }

    @Test func longCodeLinesWrapAtSpacesUnderTheBar() {
        #expect(texts("```\nlet value = compute(alpha, beta)\n```", width: 20) == ["▎ let value =", "▎   compute(alpha,", "▎   beta)"])
    }

    @Test func anUnclosedFenceIsCodeToTheEnd() {
        #expect(texts("intro\n```python\nprint(1)\n# still code") == ["intro", "▎ python", "▎ print(1)", "▎ # still code"])
        #expect(texts("```") == ["▎ "])
    }

    @Test func tildeFencesAndLongerClosingFencesWork() {
        #expect(texts("~~~\na\n~~~~\nb") == ["▎ a", "b"])
    }

    // MARK: - Rules and blank lines

    @Test func horizontalRulesSpanTheWidth() {
        for rule in ["---", "***", "___", "- - -"] {
            #expect(texts("a\n\n\(rule)\n\nb", width: 12) == ["a", "", String(repeating: "─", count: 12), "", "b"], "\(rule)")
        }
    }

    @Test func runsOfBlankLinesCollapseAndEdgesAreTrimmed() {
        #expect(texts("\n\nfirst\n\n\n\nsecond\n\n") == ["first", "", "second"])
    }

    @Test func lineBreaksInsideAParagraphAreKept() {
        #expect(texts("line one\nline two") == ["line one", "line two"])
    }

    @Test func widthIsNeverExceededForMixedContent() {
        let text = "# 東京の天気は晴れです\n\n- **bold** 東京の天気は晴れです e\u{301}e\u{301}\n> 引用 東京の天気は晴れです\n```\n東京の天気は晴れです\n```"
        for width in 5...30 {
            #expect(render(text, width: width).allSatisfy { $0.width <= width }, "width \(width)")
        }
    }
}
