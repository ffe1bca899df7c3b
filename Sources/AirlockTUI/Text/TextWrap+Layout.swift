import AirlockCore

/// One grapheme cluster to lay out, with its style and columns.
struct WrapGlyph {
    var text: String
    var style: CellStyle
    var width: Int
    var isSpace: Bool

    /// The sanitized glyphs of `spans`, split at hard line breaks, tabs expanded.
    ///
    /// Grapheme clusters are found in the spans' joined text, so a combining mark at the
    /// start of a span stays with the base character that ends the span before; the
    /// cluster takes the style of the span its first scalar came from.
    static func hardLines(_ spans: [StyledSpan], tabWidth: Int) -> [[WrapGlyph]] {
        var joined = ""
        var runEnds: [(scalars: Int, style: CellStyle)] = []
        for span in spans {
            let clean = TerminalText.sanitized(span.text.replacing("\r\n", with: "\n"))
            joined += clean
            runEnds.append(((runEnds.last?.scalars ?? 0) + clean.unicodeScalars.count, span.style))
        }
        var lines: [[WrapGlyph]] = [[]]
        var run = 0
        var offset = 0
        var column = 0
        for character in joined {
            while runEnds[run].scalars <= offset { run += 1 }
            let style = runEnds[run].style
            offset += character.unicodeScalars.count
            switch character {
            case "\n":
                lines.append([])
                column = 0
            case "\t":
                let count = tabWidth - column % tabWidth
                lines[lines.count - 1] += repeatElement(WrapGlyph(text: " ", style: style, width: 1, isSpace: true), count: count)
                column += count
            default:
                let width = DisplayWidth.of(character)
                lines[lines.count - 1].append(WrapGlyph(text: String(character), style: style, width: width, isSpace: character == " "))
                column += width
            }
        }
        return lines
    }
}

/// A run of spaces, a word, or one wide character: the units lines break between.
struct WrapToken {
    enum Kind { case space, word, wide }

    var kind: Kind
    var glyphs: [WrapGlyph]
    var width: Int

    /// Splits one hard line into tokens. Zero-width glyphs join the token before them.
    static func tokens(_ glyphs: [WrapGlyph]) -> [WrapToken] {
        var tokens: [WrapToken] = []
        for glyph in glyphs {
            let kind: Kind = glyph.isSpace ? .space : glyph.width == 2 ? .wide : .word
            let last = tokens.indices.last
            if let last, glyph.width == 0 ? tokens[last].kind != .space : kind != .wide && tokens[last].kind == kind {
                tokens[last].glyphs.append(glyph)
                tokens[last].width += glyph.width
            } else {
                tokens.append(WrapToken(kind: kind, glyphs: [glyph], width: glyph.width))
            }
        }
        return tokens
    }
}

/// Greedy line filling: tokens go on the current line while they fit.
struct WrapLayout {
    private let firstPrefix: [StyledSpan]
    private let continuationPrefix: [StyledSpan]
    private let firstRoom: Int
    private let continuationRoom: Int
    private var output: [StyledLine] = []
    private var glyphs: [WrapGlyph] = []
    private var column = 0
    private var pending: [WrapGlyph] = []
    private var pendingWidth = 0
    private var atHardLineStart = true

    init(width: Int, firstPrefix: [StyledSpan], continuationPrefix: [StyledSpan]) {
        let firstFits = Self.leavesRoom(firstPrefix, width: width)
        let continuationFits = Self.leavesRoom(continuationPrefix, width: width)
        self.firstPrefix = firstFits ? firstPrefix : []
        self.continuationPrefix = continuationFits ? continuationPrefix : []
        firstRoom = width - StyledLine(self.firstPrefix).width
        continuationRoom = width - StyledLine(self.continuationPrefix).width
    }

    /// Whether `prefix` leaves at least two columns, room for a wide character.
    private static func leavesRoom(_ prefix: [StyledSpan], width: Int) -> Bool {
        width - StyledLine(prefix).width >= 2
    }

    private var room: Int { output.isEmpty ? firstRoom : continuationRoom }

    /// Places one token, wrapping first if it does not fit.
    mutating func place(_ token: WrapToken) {
        if token.kind == .space {
            if atHardLineStart {
                placeByGlyph(token.glyphs)
            } else if !glyphs.isEmpty {
                pending += token.glyphs
                pendingWidth += token.width
            }
            return
        }
        if column + pendingWidth + token.width <= room {
            append(pending)
            append(token.glyphs)
        } else if !glyphs.isEmpty, token.width <= continuationRoom {
            wrap()
            append(token.glyphs)
        } else {
            if !glyphs.isEmpty {
                if column + pendingWidth < room { append(pending) } else { wrap() }
            }
            placeByGlyph(token.glyphs)
        }
    }

    /// Ends the line at a hard line break.
    mutating func breakLine() {
        wrap()
        atHardLineStart = true
    }

    /// The lines laid out, the last one included.
    mutating func finish() -> [StyledLine] {
        emit()
        return output
    }

    private mutating func placeByGlyph(_ list: [WrapGlyph]) {
        for glyph in list {
            if column > 0, column + glyph.width > room { wrap() }
            append([glyph])
        }
    }

    private mutating func append(_ list: [WrapGlyph]) {
        guard !list.isEmpty else { return }
        glyphs += list
        column += list.reduce(0) { $0 + $1.width }
        pending = []
        pendingWidth = 0
        atHardLineStart = false
    }

    private mutating func wrap() {
        emit()
        glyphs = []
        column = 0
        pending = []
        pendingWidth = 0
        atHardLineStart = false
    }

    private mutating func emit() {
        var spans = output.isEmpty ? firstPrefix : continuationPrefix
        let prefixCount = spans.count
        for glyph in glyphs {
            if spans.count > prefixCount, spans[spans.count - 1].style == glyph.style {
                spans[spans.count - 1].text += glyph.text
            } else {
                spans.append(StyledSpan(glyph.text, glyph.style))
            }
        }
        output.append(StyledLine(spans))
    }
}
