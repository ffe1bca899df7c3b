import CNCursesW
import Glibc

/// Runs a program in the foreground on the real terminal — `$EDITOR`, say — from inside
/// `TerminalScreen.suspend(_:)` or `LoopCommand.suspend`.
///
/// Foundation's `Process` starts children in a process group of their own, which cannot
/// read the terminal (an editor started that way fails at once); this runs the program in
/// Airlock's process group with the terminal as its input and output, as a shell would.
public enum ExternalProgram {
    /// Runs `arguments` — the program, looked up in `PATH`, then its arguments — and waits.
    ///
    /// While it runs, Ctrl+C and Ctrl+\ reach only the program. To run a command line such
    /// as `$EDITOR` (which may hold arguments), pass it to a shell:
    /// `["/bin/sh", "-c", "$EDITOR \"$1\"", "sh", path]`.
    ///
    /// - Returns: its exit status, or 128 plus the number of the signal that ended it.
    /// - Throws: `TerminalError.cannotRun` when it cannot be started.
    public static func run(_ arguments: [String]) throws -> Int32 {
        guard let program = arguments.first else { throw TerminalError.cannotRun("", errno: EINVAL) }
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let status = airlock_run_foreground(program, &argv)
        guard status >= 0 else { throw TerminalError.cannotRun(program, errno: errno) }
        return status
    }
}
