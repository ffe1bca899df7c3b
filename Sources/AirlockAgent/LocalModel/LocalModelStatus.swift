import Foundation

/// What of the local model is on disk, read without running anything.
public struct LocalModelStatus: Sendable, Equatable {
    /// The paths inspected.
    public let paths: LocalModelPaths
    /// The built llama-cpp-python wheel, if one is kept.
    public let wheel: URL?
    /// Whether the environment has llama-cpp-python's server package.
    public let serverInstalled: Bool
    /// The model file's size in bytes, or nil when it is missing.
    public let modelBytes: Int64?

    /// Inspects the files under `paths`.
    public init(paths: LocalModelPaths) {
        self.paths = paths
        wheel = LocalModelInstaller.builtWheel(in: paths.wheels)
        serverInstalled = Self.serverPackageInstalled(in: paths.venv)
        modelBytes = LocalFiles.size(paths.model)
    }

    /// Whether the model file is complete.
    public var modelComplete: Bool { modelBytes == LocalModel.modelFileSize }

    /// Whether a server can be started: the environment has the server and the model is complete.
    public var isInstalled: Bool { serverInstalled && modelComplete }

    /// The size of the kept wheel in bytes.
    public var wheelBytes: Int64? { wheel.flatMap(LocalFiles.size) }

    /// The total size of the Python environment in bytes, or nil when it is missing.
    public var venvBytes: Int64? { LocalFiles.treeSize(paths.venv) }

    private static func serverPackageInstalled(in venv: URL) -> Bool {
        let fileManager = FileManager.default
        guard fileManager.isExecutableFile(atPath: venv.appendingPathComponent("bin/python").path),
              let versions = try? fileManager.contentsOfDirectory(atPath: venv.appendingPathComponent("lib").path)
        else { return false }
        return versions.contains { version in
            fileManager.fileExists(atPath: venv.appendingPathComponent("lib/\(version)/site-packages/llama_cpp/server/__main__.py").path)
        }
    }
}
