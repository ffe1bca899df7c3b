import AirlockTUI
import Testing

/// Streaming replies keep a stable rendered prefix; only the tail is re-rendered.
@Suite struct MarkdownLiteStreamingTests {
    private let theme = Theme.builtIn

    private static let reply = """
        # Plan

        First we **check** the logs, then *compare* with `baseline.json`.
        Summary line
        ---
        - item one wraps because it is long enough
          - nested [link](https://example.com/a)
        1. numbered

        > quoted **bold
        > still quoted

        ```swift
        let x = 1
        ```
        Last paragraph with **unclosed bold and 東京の天気 e\u{301}
        """

    /// Every prefix of `text` that ends between two characters.
    private func prefixes(_ text: String) -> [String] {
        text.indices.map { String(text[..<$0]) } + [text]
    }

    @Test func incrementalUpdatesMatchAFreshRenderAtEveryPrefix() {
        var rendering = RenderedMarkdown(width: 24, theme: theme)
        var mismatches: [String] = []
        for prefix in prefixes(Self.reply) {
            rendering.update(prefix)
            if rendering.lines != MarkdownLite.render(prefix, width: 24, theme: theme) { mismatches.append(prefix) }
        }
        #expect(mismatches.isEmpty, "first mismatch after: \(mismatches.first ?? "")")
    }

    @Test func stableLinesNeverChangeAsTextIsAppended() {
        let all = prefixes(Self.reply)
        let final = MarkdownLite.render(Self.reply, width: 24, theme: theme)
        var broken: [String] = []
        for (index, prefix) in all.enumerated() {
            let rendering = RenderedMarkdown(prefix, width: 24, theme: theme)
            let stable = rendering.lines.prefix(rendering.stableLineCount)
            let next = MarkdownLite.render(all[min(index + 1, all.count - 1)], width: 24, theme: theme)
            if stable != final.prefix(stable.count) || stable != next.prefix(stable.count) { broken.append(prefix) }
        }
        #expect(broken.isEmpty, "first broken prefix: \(broken.first ?? "")")
    }

    @Test func stableLineCountGrowsAsBlocksAreFinished() {
        var rendering = RenderedMarkdown(width: 40, theme: theme)
        var counts: [Int] = []
        for prefix in prefixes(Self.reply) {
            rendering.update(prefix)
            counts.append(rendering.stableLineCount)
        }
        #expect(counts == counts.sorted())
        #expect(counts.last! > 10)
        #expect(counts.last! < rendering.lines.count)
    }

    @Test func completeBlocksBeforeTheLastRenderIdenticallyWhenMoreArrives() {
        let text = "# Plan\n\nFirst we **check** the logs.\n\n- item one\n"
        let more = text + "- item two\n\n```sh\ngrep error"
        let before = RenderedMarkdown(text, width: 40, theme: theme)
        let after = MarkdownLite.render(more, width: 40, theme: theme)
        #expect(before.stableLineCount == 4)
        #expect(before.lines.map(\.text) == ["Plan", "", "First we check the logs.", "", "• item one"])
        #expect(Array(before.lines.prefix(4)) == Array(after.prefix(4)))
        #expect(after.map(\.text) == ["Plan", "", "First we check the logs.", "", "• item one", "• item two", "", "▎ sh", "▎ grep error"])
    }

    @Test func aBlockStartOnAnUnfinishedLineDoesNotSettleTheBlockBefore() {
        let partial = RenderedMarkdown("para\n---", width: 10, theme: theme)
        #expect(partial.lines.map(\.text) == ["para", String(repeating: "─", count: 10)])
        #expect(partial.stableLineCount == 0)
        #expect(MarkdownLite.render("para\n---x", width: 10, theme: theme).map(\.text) == ["para", "---x"])
        #expect(RenderedMarkdown("para\n---\n", width: 10, theme: theme).stableLineCount == 1)
    }

    @Test func editedTextIsRenderedAfresh() {
        var rendering = RenderedMarkdown("alpha\n\nbeta\n\ngamma", width: 40, theme: theme)
        #expect(rendering.stableLineCount == 3)
        rendering.update("changed\n\nbeta")
        #expect(rendering.lines == MarkdownLite.render("changed\n\nbeta", width: 40, theme: theme))
        #expect(rendering.lines.map(\.text) == ["changed", "", "beta"])
    }

    @Test func aRenderingMatchesOnlyItsWidthAndTheme() {
        let rendering = RenderedMarkdown("text", width: 40, theme: theme)
        var other = theme
        other.accent = .indexed(1)
        #expect(rendering.matches(width: 40, theme: theme))
        #expect(!rendering.matches(width: 41, theme: theme))
        #expect(!rendering.matches(width: 40, theme: other))
    }
}
