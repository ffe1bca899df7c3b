import Glibc

/// A pipe standing in for the keyboard of a headless screen: bytes sent here are what
/// ncurses reads, as if typed.
///
/// Sending is safe from any thread.
public final class HeadlessKeyboard: Sendable {
    /// The end ncurses reads.
    let readDescriptor: Int32
    private let writeDescriptor: Int32

    /// Opens the pipe.
    public init() throws {
        let pipe = try PipeDescriptors(nonBlocking: false, purpose: "a keyboard pipe")
        readDescriptor = pipe.read
        writeDescriptor = pipe.write
    }

    deinit {
        close(readDescriptor)
        close(writeDescriptor)
    }

    /// Sends raw bytes, as a terminal would for keys or a paste.
    public func send(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(writeDescriptor, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                return
            }
            offset += written
        }
    }

    /// Sends `text` as UTF-8.
    public func send(_ text: String) {
        send(Array(text.utf8))
    }
}
