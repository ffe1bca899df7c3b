import Glibc

/// The two ends of a pipe, both closed on exec (so `$EDITOR` and other children never
/// inherit them).
struct PipeDescriptors {
    /// The end to read.
    let read: Int32
    /// The end to write.
    let write: Int32

    /// Opens a pipe; with `nonBlocking`, neither end ever blocks.
    init(nonBlocking: Bool, purpose: String) throws {
        var descriptors: [Int32] = [-1, -1]
        guard pipe(&descriptors) == 0 else { throw TerminalError.cannotOpen(purpose, errno: errno) }
        for descriptor in descriptors {
            _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
            if nonBlocking { _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK) }
        }
        read = descriptors[0]
        write = descriptors[1]
    }
}
