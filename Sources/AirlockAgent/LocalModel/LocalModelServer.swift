import Foundation

/// A running llama-cpp-python server for the local model on 127.0.0.1.
///
/// `start(paths:)` returns once the server lists the model; call `stop()` when done (for
/// example in a `defer`). The server leads its own process group, which `stop()` signals
/// as a whole, and is killed within a second of Airlock's exit, however Airlock ends.
/// Its output is appended to `paths.serverLog`.
public actor LocalModelServer {
    /// The OpenAI-compatible API root, `http://127.0.0.1:<port>/v1`.
    public nonisolated let baseURL: URL
    /// The model name to send with each request.
    public nonisolated let model = LocalModel.alias
    /// The context window the server was started with, in tokens.
    public nonisolated let contextWindow = LocalModel.contextWindow
    /// The server's process id, which is also its process group id.
    public nonisolated let processIdentifier: Int32
    /// How long `stop()` waits after SIGTERM before sending SIGKILL.
    static let gracePeriod: Duration = .seconds(5)

    private let process: Process
    private let port: Int
    private let log: LogFile
    private var stopping: Task<Void, Never>?

    private init(process: Process, log: LogFile, port: Int) {
        self.process = process
        self.port = port
        self.log = log
        processIdentifier = process.processIdentifier
        baseURL = URL(string: "http://127.0.0.1:\(port)/v1")!
    }

    deinit {
        if stopping == nil { kill(-processIdentifier, SIGKILL) }
    }

    /// Starts a server for the model installed under `paths` on a free loopback port and
    /// waits until it lists the model, failing early if it exits.
    public static func start(paths: LocalModelPaths, timeout: Duration = .seconds(60)) async throws -> LocalModelServer {
        guard LocalModelStatus(paths: paths).isInstalled else { throw LocalModelError.notInstalled(root: paths.root) }
        let port = try LoopbackPort.free()
        let log = try LogFile(paths.serverLog, truncate: false)
        log.append("--- \(Date().ISO8601Format()) starting \(LocalModel.alias) on 127.0.0.1:\(port)\n")
        let process = Process()
        process.executableURL = paths.python
        process.arguments = ChildProcess.guardedModule("llama_cpp.server", [
            "--model", paths.model.path, "--model_alias", LocalModel.alias,
            "--host", "127.0.0.1", "--port", String(port), "--n_ctx", String(LocalModel.contextWindow),
        ])
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = log.handle
        process.standardError = log.handle
        do {
            try await ChildProcess.run(process)
        } catch {
            throw LocalModelError.launchFailed(step: "server", executable: paths.python, reason: error.localizedDescription)
        }
        let server = LocalModelServer(process: process, log: log, port: port)
        do {
            try await server.waitUntilReady(timeout: timeout)
        } catch {
            await server.stop()
            throw error
        }
        return server
    }

    /// Stops the server: SIGTERM to its process group, SIGKILL after a grace period, and
    /// waits until it is gone. Calling it again waits for the same stop.
    public func stop() async {
        if stopping == nil {
            stopping = Task { [processIdentifier] in
                kill(-processIdentifier, SIGTERM)
                if await !waitForExit(within: Self.gracePeriod) {
                    kill(-processIdentifier, SIGKILL)
                    _ = await waitForExit(within: .seconds(10))
                }
            }
        }
        await stopping?.value
    }

    /// Polls every 100 ms until the port accepts connections and the model list names our
    /// model while our process runs.
    private func waitUntilReady(timeout: Duration) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            guard process.isRunning else {
                throw LocalModelError.serverExited(status: process.terminationStatus, log: log.url)
            }
            if LoopbackPort.acceptsConnections(port), await ModelList.names(LocalModel.alias, at: baseURL),
               process.isRunning { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw LocalModelError.serverNotReady(seconds: Int(timeout.components.seconds), log: log.url)
    }

    /// Whether the process has exited within `limit`.
    private func waitForExit(within limit: Duration) async -> Bool {
        let deadline = ContinuousClock.now + limit
        while process.isRunning {
            guard ContinuousClock.now < deadline else { return false }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return true
    }
}
