import Foundation

/// Where the local model lives: `${XDG_CACHE_HOME:-~/.cache}/airlock/`.
///
/// ```
/// venv/                               Python environment with llama-cpp-python[server]
/// wheels/                             the built llama-cpp-python wheel (reinstalls take seconds)
/// models/SmolLM2-135M-Instruct.Q4_1.gguf
/// setup.log, server.log
/// ```
public struct LocalModelPaths: Sendable, Equatable {
    /// The cache folder holding everything else.
    public let root: URL

    /// Paths under `root`.
    public init(root: URL) {
        self.root = root.standardizedFileURL
    }

    /// Paths under `$XDG_CACHE_HOME/airlock` when that is an absolute path, else
    /// `$HOME/.cache/airlock`, else under the user's home folder.
    public init(environment: [String: String]) {
        let cache: URL
        if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") {
            cache = URL(fileURLWithPath: xdg, isDirectory: true)
        } else {
            let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
            cache = URL(fileURLWithPath: home, isDirectory: true).appendingPathComponent(".cache", isDirectory: true)
        }
        self.init(root: cache.appendingPathComponent("airlock", isDirectory: true))
    }

    /// The Python virtual environment.
    public var venv: URL { root.appendingPathComponent("venv", isDirectory: true) }
    /// The environment's Python interpreter.
    public var python: URL { venv.appendingPathComponent("bin/python") }
    /// The folder keeping the built llama-cpp-python wheel.
    public var wheels: URL { root.appendingPathComponent("wheels", isDirectory: true) }
    /// The folder holding model files.
    public var models: URL { root.appendingPathComponent("models", isDirectory: true) }
    /// The GGUF model file.
    public var model: URL { models.appendingPathComponent(LocalModel.modelFileName) }
    /// The log of the last `airlock model setup`.
    public var setupLog: URL { root.appendingPathComponent("setup.log") }
    /// The log the model servers append to.
    public var serverLog: URL { root.appendingPathComponent("server.log") }
    /// The lock that keeps two setups from running at once.
    var setupLock: URL { root.appendingPathComponent("setup.lock") }
    /// Scratch space for builds and downloads, on the same file system as the results.
    var scratch: URL { root.appendingPathComponent("tmp", isDirectory: true) }
}
