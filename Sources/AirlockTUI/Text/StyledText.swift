/// A run of text in one style.
public struct StyledSpan: Equatable, Sendable {
    /// The text (one line: no line breaks).
    public var text: String
    /// How it is drawn.
    public var style: CellStyle

    /// Creates a span.
    public init(_ text: String, _ style: CellStyle) {
        self.text = text
        self.style = style
    }
}

/// One screen line of styled spans, at most the width it was laid out for.
public struct StyledLine: Equatable, Sendable {
    /// The spans, left to right.
    public var spans: [StyledSpan]

    /// Creates a line.
    public init(_ spans: [StyledSpan] = []) {
        self.spans = spans
    }

    /// The columns the line takes.
    public var width: Int { spans.reduce(0) { $0 + DisplayWidth.of($1.text) } }

    /// The line's text without styles.
    public var text: String { spans.map(\.text).joined() }

    /// Draws the line at (`x`, `y`) into `buffer`, clipped to `limit` columns.
    public func draw(into buffer: inout CellBuffer, x: Int, y: Int, limit: Int) {
        var column = x
        for span in spans where column < x + limit {
            column += buffer.write(span.text, x: column, y: y, style: span.style, limit: x + limit - column)
        }
    }
}
