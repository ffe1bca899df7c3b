import AirlockCore
import Glibc

/// Why the terminal could not be used.
public enum TerminalError: Error, CustomStringConvertible, Equatable {
    /// Standard input or output is not a terminal (Airlock was piped or redirected).
    case notATerminal
    /// ncurses does not know the terminal type (`TERM`).
    case unknownTerminal(String)
    /// Another screen is active; ncurses drives one at a time.
    case screenAlreadyActive
    /// The loop is already running.
    case loopAlreadyRunning
    /// A file or pipe the terminal needs could not be opened.
    case cannotOpen(String, errno: Int32)
    /// An external program (such as `$EDITOR`) could not be started.
    case cannotRun(String, errno: Int32)

    public var description: String {
        switch self {
        case .notATerminal:
            "Airlock needs a terminal: run it without redirecting its input or output."
        case .unknownTerminal(let type):
            type.isEmpty
                ? "TERM is not set: set it to your terminal's type (for example xterm-256color)."
                : "The terminal type \(type) is unknown here: set TERM to one this system knows (for example xterm-256color)."
        case .screenAlreadyActive:
            "A terminal screen is already active: end it before starting another."
        case .loopAlreadyRunning:
            "The UI loop is already running."
        case .cannotOpen(let what, let code):
            "Could not open \(what) (error \(code))."
        case .cannotRun(let program, let code):
            code == ENOENT
                ? "Could not run \(TerminalText.quoted(program)): no such program (check $EDITOR and PATH)."
                : "Could not run \(TerminalText.quoted(program)) (error \(code))."
        }
    }
}
