import AirlockTUI

/// What the loop hands the app: terminal input, or an event posted from another task.
public enum LoopEvent<AppEvent: Sendable>: Sendable {
    /// A key, paste or resize from the terminal.
    case input(TerminalInput)
    /// An event posted with `UILoop.post(_:)`.
    case app(AppEvent)
}

/// What the app tells the loop after handling an event.
public enum LoopCommand {
    /// Nothing visible changed.
    case `continue`
    /// The state changed: draw a new frame (bursts are coalesced, at most one frame per
    /// frame interval).
    case redraw
    /// End the loop and give the terminal back.
    case quit
    /// Lend the real terminal to `work` (run `$EDITOR`, say) on the loop thread, then take
    /// it back and redraw everything.
    case suspend(() -> Void)
}
