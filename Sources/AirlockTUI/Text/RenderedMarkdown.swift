/// One message's Markdown rendered for one width and theme, kept up to date cheaply as the
/// text streams in.
///
/// Text is rendered block by block (a paragraph, a list item, a code block…). A block is
/// *settled* once the line after it is complete and starts another block; appended text
/// cannot change a settled block, so its lines are kept and ``update(_:)`` parses and
/// renders only from the first unsettled block — usually just the last one or two.
/// The first ``stableLineCount`` lines never change while text is only appended.
///
/// ## Caching in the chat view
///
/// Keep one `RenderedMarkdown` per message id (the transcript's line cache):
/// - When a streamed delta arrives, call ``update(_:)`` with the message's whole text so far.
///   When its text has not changed, reuse ``lines`` as they are.
/// - Before using an entry, check ``matches(width:theme:)``. After a resize or a theme change
///   (including a reloaded theme of the same name) the entry is stale: make a new one.
/// - Text that was edited rather than appended to needs nothing special: ``update(_:)`` sees
///   that the settled prefix changed and renders everything again.
/// - Drop entries for messages that leave the transcript; finished messages keep theirs.
///
/// Lines above ``stableLineCount`` are final, so a view that keeps the reader's place can
/// anchor on them while the tail grows or shrinks.
public struct RenderedMarkdown: Sendable {
    /// The columns the lines were laid out for.
    public let width: Int
    /// The theme they are drawn in.
    public let theme: Theme
    /// Every line of the message.
    public private(set) var lines: [StyledLine] = []
    /// How many leading lines are final: later text only changes lines after these.
    public private(set) var stableLineCount = 0
    private let styles: MarkdownStyles
    /// The text of the settled blocks, a prefix of every text seen since the last reset.
    private var settledText = ""

    /// An empty rendering for `width` columns in `theme`.
    public init(width: Int, theme: Theme) {
        self.width = width
        self.theme = theme
        styles = MarkdownStyles(theme)
    }

    /// `text` rendered for `width` columns in `theme`.
    public init(_ text: String, width: Int, theme: Theme) {
        self.init(width: width, theme: theme)
        update(text)
    }

    /// Whether these lines are right for `width` and `theme`; if not, render afresh.
    public func matches(width: Int, theme: Theme) -> Bool {
        self.width == width && self.theme == theme
    }

    /// Renders `text`, the message's whole text so far, reusing the lines of settled blocks
    /// when `text` still begins with their source.
    public mutating func update(_ text: String) {
        if !text.utf8.starts(with: settledText.utf8) {
            settledText = ""
            stableLineCount = 0
        }
        let tail = text[text.utf8.index(text.startIndex, offsetBy: settledText.utf8.count)...]
        let parsed = MarkdownBlocks(parsing: tail)
        var result = Array(lines.prefix(stableLineCount))
        for (position, block) in parsed.blocks.enumerated() {
            let isEdge = (position == 0 && settledText.isEmpty) || position == parsed.blocks.count - 1
            result += block.render(width: width, styles: styles, isEdge: isEdge)
            if position + 1 == parsed.settledCount { stableLineCount = result.count }
        }
        if parsed.settledCount > 0 {
            settledText += String(decoding: tail.utf8.prefix(parsed.blocks[parsed.settledCount].start), as: UTF8.self)
        }
        lines = result
    }
}
