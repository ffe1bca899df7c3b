import Foundation

/// Runs setup commands, appending their output to the setup log and passing each line on.
struct SetupRunner: Sendable {
    /// Where every command and all its output go.
    let log: LogFile
    /// The environment commands run with.
    let environment: [String: String]
    /// Receives each line of output, indented, while the command runs.
    let progress: @Sendable (String) -> Void

    /// Runs `executable` with `arguments` for `step` and returns its exit status, or minus
    /// the signal that killed it; with `echo` false the output goes to the log only.
    func run(
        _ step: String, _ executable: URL, _ arguments: [String],
        extraEnvironment: [String: String] = [:], echo: Bool = true
    ) async throws -> Int32 {
        let shown = arguments.map { $0.contains("\n") ? "<script>" : $0 }
        log.append("$ " + ([executable.path] + shown).joined(separator: " ") + "\n")
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = environment.merging(extraEnvironment) { $1 }
        process.standardInput = FileHandle.nullDevice
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        do {
            try await ChildProcess.run(process)
        } catch {
            throw LocalModelError.launchFailed(step: step, executable: executable, reason: error.localizedDescription)
        }
        try? pipe.fileHandleForWriting.close()
        let lines = LineSplitter(echo ? progress : nil)
        return await withCheckedContinuation { continuation in
            Thread.detachNewThread { [log] in
                let reader = pipe.fileHandleForReading
                while true {
                    let chunk = reader.availableData
                    if chunk.isEmpty { break }
                    log.append(chunk)
                    lines.feed(chunk)
                }
                lines.finish()
                process.waitUntilExit()
                let status = process.terminationReason == .exit ? process.terminationStatus : -process.terminationStatus
                log.append("[exit status \(status)]\n")
                continuation.resume(returning: status)
            }
        }
    }
}

/// Cuts a byte stream into lines at `\n` or `\r` and passes each non-blank one on, indented.
final class LineSplitter: @unchecked Sendable {
    private let emit: (@Sendable (String) -> Void)?
    private var pending = Data()

    /// Passes lines to `emit`, if any. Fed from one thread at a time.
    init(_ emit: (@Sendable (String) -> Void)?) {
        self.emit = emit
    }

    /// Adds bytes, emitting each line they complete.
    func feed(_ bytes: Data) {
        pending.append(bytes)
        while let end = pending.firstIndex(where: { $0 == 0x0A || $0 == 0x0D }) {
            emitLine(pending[pending.startIndex..<end])
            pending.removeSubrange(pending.startIndex...end)
        }
    }

    /// Emits what is left after the last line break.
    func finish() {
        emitLine(pending)
        pending.removeAll()
    }

    private func emitLine(_ bytes: Data) {
        let line = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespaces)
        if !line.isEmpty { emit?("  " + line) }
    }
}

/// An exclusive hold on the setup lock file, so two setups never build into one cache.
final class SetupLock: Sendable {
    private let descriptor: Int32

    private init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    /// Closing the file releases the lock.
    deinit { close(descriptor) }

    /// Takes the lock at `url`, calling `waiting` first if another setup holds it.
    static func acquire(_ url: URL, waiting: () -> Void) async throws -> SetupLock {
        let descriptor = open(url.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw LocalModelError.fileSystem(path: url, reason: String(cString: strerror(errno)))
        }
        if flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            waiting()
            await withCheckedContinuation { continuation in
                Thread.detachNewThread {
                    while flock(descriptor, LOCK_EX) != 0 && errno == EINTR {}
                    continuation.resume()
                }
            }
        }
        return SetupLock(descriptor: descriptor)
    }
}
