import AirlockTUI

/// The app side of a `UILoop`: it handles events and renders frames, both on the loop's
/// thread, so its state needs no locking.
public protocol LoopApplication {
    /// Events other tasks post to the loop.
    associatedtype AppEvent: Sendable

    /// Updates the state for `event` and says what the loop should do next.
    mutating func handle(_ event: LoopEvent<AppEvent>) -> LoopCommand

    /// Renders the current state for a screen `width` × `height`.
    func frame(width: Int, height: Int) -> Frame
}
