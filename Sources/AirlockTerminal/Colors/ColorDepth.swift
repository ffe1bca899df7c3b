/// How many colours the terminal can show, which decides how theme colours are mapped.
public enum ColorDepth: Hashable, Sendable {
    /// No colours: `NO_COLOR` is set or the terminal has none. Attributes still apply.
    case none
    /// The eight basic ANSI colours.
    case basic8
    /// The eight basic ANSI colours and their bright variants.
    case basic16
    /// The xterm 256-colour palette.
    case indexed256

    /// The depth for a terminal reporting `colorCount` colours (ncurses' `COLORS`).
    ///
    /// A non-empty `NO_COLOR` in `environment` turns colours off (see no-color.org).
    public static func detect(colorCount: Int, environment: [String: String]) -> ColorDepth {
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return .none }
        switch colorCount {
        case 256...: return .indexed256
        case 16...: return .basic16
        case 8...: return .basic8
        default: return .none
        }
    }
}
