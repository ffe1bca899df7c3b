import Dispatch
import Glibc

/// Ctrl+C and SIGTERM cancel the running work instead of killing the process, so that
/// turns are cancelled, the workspace is closed and a local model server is stopped.
enum Interruption {
    /// Runs `body` in a task that SIGINT and SIGTERM cancel.
    static func cancellable<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
        let task = Task { try await body() }
        let sources = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { task.cancel() }
            source.resume()
            return source
        }
        defer {
            for (number, source) in zip([SIGINT, SIGTERM], sources) {
                source.cancel()
                signal(number, SIG_DFL)
            }
        }
        return try await task.value
    }
}
