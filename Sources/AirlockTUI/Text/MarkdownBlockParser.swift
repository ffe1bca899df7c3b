/// Groups classified lines into blocks, one pass, no state carried between blocks.
struct MarkdownBlockParser {
    private let lines: [MarkdownLine]
    private var index = 0

    init(lines: [MarkdownLine]) {
        self.lines = lines
    }

    /// Every block of the lines.
    mutating func parse() -> [MarkdownBlock] {
        var blocks: [MarkdownBlock] = []
        while index < lines.count {
            let first = lines[index]
            let (kind, content) = block(startingWith: first.kind)
            blocks.append(MarkdownBlock(kind: kind, lines: content, start: first.start, startsOnCompleteLine: first.isComplete))
        }
        return blocks
    }

    /// Consumes the block that starts at the current line.
    private mutating func block(startingWith start: MarkdownLine.Start) -> (MarkdownBlock.Kind, [Substring]) {
        index += 1
        switch start {
        case .blank:
            while index < lines.count, lines[index].kind == .blank { index += 1 }
            return (.blank, [])
        case .fence(let marker, let length, let indent, let language):
            return (.code(language: language), code(marker: marker, length: length, indent: indent))
        case .heading(let level, let text):
            return (.heading(level: level), [text])
        case .rule:
            return (.rule, [])
        case .quote(let depth, let text):
            var content = [text]
            while index < lines.count, case .quote(depth, let more) = lines[index].kind {
                content.append(more)
                index += 1
            }
            return (.quote(depth: depth), content)
        case .listItem(let marker, let indent, let text):
            return (.listItem(marker: marker, indent: indent), [text] + continuation())
        case .text(let text):
            return (.paragraph, [text] + continuation())
        }
    }

    /// The following plain text lines, trimmed (they continue a paragraph or list item).
    private mutating func continuation() -> [Substring] {
        var content: [Substring] = []
        while index < lines.count, case .text(let text) = lines[index].kind {
            content.append(MarkdownLine.trimmed(text))
            index += 1
        }
        return content
    }

    /// The code lines up to the closing fence (consumed) or the end, with up to
    /// `indent` leading spaces removed.
    private mutating func code(marker: Character, length: Int, indent: Int) -> [Substring] {
        var content: [Substring] = []
        while index < lines.count {
            let line = lines[index].text
            index += 1
            let body = line.drop { $0 == " " || $0 == "\t" }
            let run = body.prefix { $0 == marker }.count
            if run >= length, MarkdownLine.trimmed(body.dropFirst(run)).isEmpty { break }
            var trimmed = line
            var removed = 0
            while removed < indent, trimmed.first == " " {
                trimmed = trimmed.dropFirst()
                removed += 1
            }
            content.append(trimmed)
        }
        return content
    }
}
