import Glibc

/// A self-pipe that wakes the loop: a byte written from any thread (or from the resize
/// signal handler) makes the loop's `poll` return.
final class WakeSignal: Sendable {
    /// The pipe; both ends are non-blocking, so signalling never blocks.
    let pipe: PipeDescriptors

    init() throws {
        pipe = try PipeDescriptors(nonBlocking: true, purpose: "the UI loop's wake-up pipe")
    }

    deinit {
        close(pipe.read)
        close(pipe.write)
    }

    /// Wakes the loop (a full pipe already will, so a failed write is fine).
    func signal() {
        var byte: UInt8 = 1
        _ = write(pipe.write, &byte, 1)
    }

    /// Empties the pipe after a wake-up.
    func drain() {
        var buffer = [UInt8](repeating: 0, count: 256)
        while read(pipe.read, &buffer, buffer.count) > 0 {}
    }
}
