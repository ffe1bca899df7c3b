import AirlockAgent
import AirlockTestSupport
import Foundation

/// A cache folder laid out as an installed local model, with a fake `python` script.
struct FakeLocalModelCache {
    let directory: TemporaryDirectory
    let paths: LocalModelPaths

    /// A cache whose `venv/bin/python` (and `pip`) run `script` (shell), with a kept wheel
    /// and a complete (sparse) model file unless told otherwise.
    init(python script: String, wheel: Bool = true, model: Bool = true) throws {
        directory = try TemporaryDirectory(prefix: "airlock-local-model")
        paths = LocalModelPaths(root: URL(fileURLWithPath: directory.path))
        let fileManager = FileManager.default
        let site = paths.venv.appendingPathComponent("lib/python3.11/site-packages/llama_cpp/server")
        try fileManager.createDirectory(at: site, withIntermediateDirectories: true)
        try Data().write(to: site.appendingPathComponent("__main__.py"))
        for tool in ["python", "pip"] {
            let url = paths.venv.appendingPathComponent("bin/\(tool)")
            try fileManager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data("#!/bin/sh\n\(script)\n".utf8).write(to: url)
            try fileManager.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
        }
        if wheel {
            try fileManager.createDirectory(at: paths.wheels, withIntermediateDirectories: true)
            try Data().write(to: paths.wheels.appendingPathComponent("llama_cpp_python-0.3.36-cp311-cp311-linux_x86_64.whl"))
        }
        if model { try Self.makeFile(paths.model, size: LocalModel.modelFileSize) }
    }

    /// Creates a sparse file of `size` bytes at `url`.
    static func makeFile(_ url: URL, size: Int64) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data().write(to: url)
        let handle = try FileHandle(forWritingTo: url)
        try handle.truncate(atOffset: UInt64(size))
        try handle.close()
    }
}

/// Lines a progress callback received.
final class ProgressLines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []

    /// The callback to hand an installer.
    var callback: @Sendable (String) -> Void {
        { line in self.lock.withLock { self.lines.append(line) } }
    }

    /// Everything received so far.
    var all: [String] { lock.withLock { lines } }
}
