/// One block of Markdown-ish text: the unit that is rendered, and cached while a reply
/// streams in.
struct MarkdownBlock: Equatable, Sendable {
    /// What a block is.
    enum Kind: Equatable, Sendable {
        /// Text lines (line breaks kept, as in chat).
        case paragraph
        /// `#`, `##`, `###` (levels 4–6 look like 3).
        case heading(level: Int)
        /// One list item; `marker` is `-`, `*`, `+` or the number as written (`3.`, `3)`);
        /// `indent` is its indentation as written (at most 8 columns), which nests it.
        case listItem(marker: String, indent: Int)
        /// Lines after `>` (`depth` counts the `>`s, at most 3).
        case quote(depth: Int)
        /// A fenced code block, closed or not.
        case code(language: String?)
        /// `---`, `***` or `___`.
        case rule
        /// A run of blank lines.
        case blank
    }

    /// What the block is.
    var kind: Kind
    /// Its content lines, markers removed.
    var lines: [Substring]
    /// Where it starts in the parsed text, in UTF-8 bytes.
    var start: Int
    /// Whether its first line is complete (ends with a newline).
    var startsOnCompleteLine: Bool
}

/// Text split into blocks, and how many of them later text can no longer change.
struct MarkdownBlocks {
    /// The blocks in order.
    var blocks: [MarkdownBlock]
    /// How many leading blocks are settled.
    ///
    /// A block is settled once the block after it starts on a complete line: whether a
    /// line continues a block or starts a new one depends only on that line, so with the
    /// line complete the decision is final whatever is appended. The last block is never
    /// settled (more lines may join it), nor is the one before a last block that starts
    /// on an unfinished line (`---` may yet become `---x`, which continues a paragraph).
    var settledCount: Int

    /// Splits `text` into blocks.
    ///
    /// The parse is stateless between blocks, so parsing from any block's start gives
    /// the same blocks as parsing from the beginning: that is what lets a cache keep
    /// settled blocks and re-parse only the rest.
    init(parsing text: Substring) {
        var parser = MarkdownBlockParser(lines: MarkdownLine.split(text))
        blocks = parser.parse()
        let lastComplete = blocks.lastIndex(where: \.startsOnCompleteLine) ?? 0
        settledCount = lastComplete
    }
}
