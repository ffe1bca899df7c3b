import AirlockTUI

/// A frame to show and where the terminal's cursor goes (`nil` hides it).
public struct TerminalFrame: Sendable {
    /// The cells.
    public var buffer: CellBuffer
    /// The input box's caret, if one is shown.
    public var cursor: CursorPosition?

    /// Creates a frame.
    public init(buffer: CellBuffer, cursor: CursorPosition? = nil) {
        self.buffer = buffer
        self.cursor = cursor
    }
}

/// The app side of a `UILoop`: it handles events and renders frames, both on the loop's
/// thread, so its state needs no locking.
public protocol LoopApplication {
    /// Events other tasks post to the loop.
    associatedtype AppEvent: Sendable

    /// Updates the state for `event` and says what the loop should do next.
    mutating func handle(_ event: LoopEvent<AppEvent>) -> LoopCommand

    /// Renders the current state for a screen `width` × `height`.
    func frame(width: Int, height: Int) -> TerminalFrame
}
