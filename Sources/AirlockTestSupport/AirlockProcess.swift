import Foundation

/// Runs the built `airlock` executable, as a user would, and captures what it prints.
public enum AirlockProcess {
    /// What one run printed and how it exited.
    public struct Result: Sendable {
        /// The exit status.
        public let status: Int32
        /// Everything written to stdout.
        public let stdout: String
        /// Everything written to stderr.
        public let stderr: String

        /// stdout and stderr together, for leak checks.
        public var allOutput: String { stdout + stderr }
    }

    /// The executable: `$AIRLOCK_BINARY`, else `airlock` beside the running test bundle.
    public static var executable: String {
        if let path = ProcessInfo.processInfo.environment["AIRLOCK_BINARY"], !path.isEmpty { return path }
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent("airlock").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory.deleteLastPathComponent()
        }
        return "airlock"
    }

    /// Runs `airlock arguments…` with exactly `environment` (plus `PATH`), feeding `stdin`,
    /// in `directory` (by default the test's own working directory).
    ///
    /// Waits without blocking a thread of the concurrency pool, so many runs can be under
    /// way while other tests proceed.
    public static func run(_ arguments: [String], environment: [String: String], stdin: String = "", directory: String? = nil) async throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        process.arguments = arguments
        var environment = environment
        environment["PATH"] = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        process.environment = environment
        let input = Pipe()
        let output = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        let (exited, exit) = AsyncStream<Void>.makeStream()
        process.terminationHandler = { _ in exit.finish() }
        try process.run()
        let outputData = OutputCollector(output.fileHandleForReading)
        let errorData = OutputCollector(errors.fileHandleForReading)
        input.fileHandleForWriting.write(Data(stdin.utf8))
        try input.fileHandleForWriting.close()
        for await _ in exited {}
        return Result(
            status: process.terminationStatus,
            stdout: String(decoding: await outputData.finish(), as: UTF8.self),
            stderr: String(decoding: await errorData.finish(), as: UTF8.self)
        )
    }
}

/// Drains a pipe on its own thread so that a chatty child never blocks on a full pipe,
/// and closes it once drained.
private final class OutputCollector: Sendable {
    private let data: Task<Data, Never>

    init(_ handle: FileHandle) {
        let (stream, continuation) = AsyncStream<Data>.makeStream()
        Thread.detachNewThread {
            continuation.yield(handle.readDataToEndOfFile())
            // Drained: close the descriptor now rather than whenever the handle goes away.
            try? handle.close()
            continuation.finish()
        }
        data = Task {
            var collected = Data()
            for await chunk in stream { collected += chunk }
            return collected
        }
    }

    func finish() async -> Data {
        await data.value
    }
}
