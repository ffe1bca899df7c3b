import AirlockTUI
import CNCursesW

/// A cell as the terminal shows it, read back from ncurses (for tests).
public struct ScreenCell: Hashable, Sendable {
    /// The characters in the cell (base and combining marks).
    public var text: String
    /// The foreground colour number, or `nil` for the terminal's default.
    public var foreground: Int?
    /// The background colour number, or `nil` for the terminal's default.
    public var background: Int?
    /// Bold, dim, italic, underline, reverse.
    public var attributes: TextAttributes

    /// Creates a cell description (to compare with what was read back).
    public init(text: String, foreground: Int?, background: Int?, attributes: TextAttributes) {
        self.text = text
        self.foreground = foreground
        self.background = background
        self.attributes = attributes
    }
}

extension TerminalScreen {
    /// The rows as the terminal shows them (ncurses' `curscr`), wide characters once.
    public func screenLines() -> [String] {
        guard !isEnded, let current = airlock_curscr() else { return [] }
        let capacity = width * Int(CCHARW_MAX)
        var buffer = [wchar_t](repeating: 0, count: capacity + 1)
        return (0..<height).map { row in
            let count = mvwinnwstr(current, Int32(row), 0, &buffer, Int32(capacity))
            return Self.string(buffer.prefix(Int(max(0, count))))
        }
    }

    /// The cell at column `x`, row `y` as the terminal shows it.
    public func screenCell(x: Int, y: Int) -> ScreenCell {
        var cell = cchar_t()
        var characters = [wchar_t](repeating: 0, count: Int(CCHARW_MAX) + 1)
        var attributes: attr_t = 0
        var shortPair: Int16 = 0
        var pair: Int32 = 0
        guard !isEnded, let current = airlock_curscr(), mvwin_wch(current, Int32(y), Int32(x), &cell) == OK,
              getcchar(&cell, &characters, &attributes, &shortPair, &pair) == OK else {
            return ScreenCell(text: "", foreground: nil, background: nil, attributes: [])
        }
        var foreground: Int32 = -1
        var background: Int32 = -1
        if colorDepth != .none { extended_pair_content(pair, &foreground, &background) }
        return ScreenCell(
            text: Self.string(characters.prefix { $0 != 0 }),
            foreground: foreground < 0 ? nil : Int(foreground),
            background: background < 0 ? nil : Int(background),
            attributes: Self.textAttributes(attributes)
        )
    }

    /// Where the terminal's cursor is.
    public var screenCursor: CursorPosition {
        guard !isEnded, let current = airlock_curscr() else { return CursorPosition(x: 0, y: 0) }
        return CursorPosition(x: Int(getcurx(current)), y: Int(getcury(current)))
    }

    private static func string(_ characters: some Sequence<wchar_t>) -> String {
        String(String.UnicodeScalarView(characters.compactMap { Unicode.Scalar(UInt32(bitPattern: $0)) }))
    }

    private static func textAttributes(_ attributes: attr_t) -> TextAttributes {
        var result: TextAttributes = []
        if attributes & airlock_a_bold() != 0 { result.insert(.bold) }
        if attributes & airlock_a_dim() != 0 { result.insert(.dim) }
        if attributes & airlock_a_italic() != 0 { result.insert(.italic) }
        if attributes & airlock_a_underline() != 0 { result.insert(.underline) }
        if attributes & airlock_a_reverse() != 0 { result.insert(.reverse) }
        return result
    }
}
