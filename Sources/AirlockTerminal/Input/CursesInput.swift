/// One report of ncurses' `wget_wch`, before decoding into `TerminalInput`.
public enum CursesInput: Hashable, Sendable {
    /// A character (`wget_wch` returned `OK`): its Unicode value, control bytes included.
    case character(UInt32)
    /// A key ncurses recognised (`KEY_CODE_YES`), such as `KEY_UP` or `KEY_F(1)`.
    case keyCode(Int32)
    /// A key from an extended terminfo capability, by name: `kRIT5` is Ctrl+Right.
    case namedKey(String)
    /// The terminal's new size, reported as `KEY_RESIZE`.
    case resized(width: Int, height: Int)
}
