@testable import AirlockAgent
import AirlockTestSupport
import Foundation
import Testing

@Suite("Local model installer")
struct LocalModelInstallerTests {
    @Test func findsOnlyThePinnedWheel() throws {
        let directory = try TemporaryDirectory()
        let wheels = URL(fileURLWithPath: directory.path)
        #expect(LocalModelInstaller.builtWheel(in: wheels.appendingPathComponent("missing")) == nil)
        for name in ["llama_cpp_python-0.3.35-cp311-cp311-linux_x86_64.whl", "llama_cpp_python-0.3.36.tar.gz", "other-0.3.36.whl"] {
            try Data().write(to: wheels.appendingPathComponent(name))
        }
        #expect(LocalModelInstaller.builtWheel(in: wheels) == nil)
        let pinned = "llama_cpp_python-0.3.36-cp311-cp311-linux_x86_64.whl"
        try Data().write(to: wheels.appendingPathComponent(pinned))
        #expect(LocalModelInstaller.builtWheel(in: wheels)?.lastPathComponent == pinned)
    }

    @Test func acceptsOnlyAModelFileOfTheExactSize() throws {
        let directory = try TemporaryDirectory()
        let model = URL(fileURLWithPath: directory.appending("model.gguf"))
        #expect(!LocalModelInstaller.isModelComplete(at: model))
        try FakeLocalModelCache.makeFile(model, size: LocalModel.modelFileSize - 1)
        #expect(!LocalModelInstaller.isModelComplete(at: model))
        try FakeLocalModelCache.makeFile(model, size: LocalModel.modelFileSize)
        #expect(LocalModelInstaller.isModelComplete(at: model))
        #expect(!LocalModelInstaller.isModelComplete(at: URL(fileURLWithPath: directory.path)))
    }

    @Test func statusTellsWhatIsMissing() throws {
        let cache = try FakeLocalModelCache(python: "exit 0", wheel: false, model: false)
        var status = LocalModelStatus(paths: cache.paths)
        #expect(status.serverInstalled && status.wheel == nil && status.modelBytes == nil && !status.isInstalled)
        try FakeLocalModelCache.makeFile(cache.paths.model, size: 1000)
        status = LocalModelStatus(paths: cache.paths)
        #expect(status.modelBytes == 1000 && !status.modelComplete && !status.isInstalled)
        try FakeLocalModelCache.makeFile(cache.paths.model, size: LocalModel.modelFileSize)
        #expect(LocalModelStatus(paths: cache.paths).isInstalled)
        #expect(!LocalModelStatus(paths: LocalModelPaths(root: URL(fileURLWithPath: cache.directory.appending("none")))).isInstalled)
    }

    @Test func installingAnInstalledModelOnlyChecksAndClearsScratch() async throws {
        let cache = try FakeLocalModelCache(python: #"echo "$@" >> "$(dirname "$0")/calls"; exit 0"#)
        let leftover = cache.paths.root.appendingPathComponent("tmp/model-interrupted/SmolLM2-135M-Instruct.Q4_1.gguf")
        try FakeLocalModelCache.makeFile(leftover, size: 10)
        let progress = ProgressLines()
        try await LocalModelInstaller(paths: cache.paths, progress: progress.callback).install()
        #expect(!FileManager.default.fileExists(atPath: leftover.deletingLastPathComponent().path))
        #expect(progress.all.map { String($0.prefix(5)) } == ["[1/4]", "[2/4]", "[3/4]", "[4/4]"])
        #expect(progress.all.allSatisfy { !$0.contains("Building") && !$0.contains("Downloading") })
        let calls = try String(contentsOf: cache.paths.venv.appendingPathComponent("bin/calls"), encoding: .utf8)
        #expect(calls == "-c import llama_cpp.server\n")
    }

    @Test func aFailingStepNamesItselfAndTheLog() async throws {
        let cache = try FakeLocalModelCache(python: "echo 'no index reachable' >&2; exit 3")
        let progress = ProgressLines()
        let error = await #expect(throws: LocalModelError.self) {
            try await LocalModelInstaller(paths: cache.paths, progress: progress.callback).install()
        }
        #expect(error == .stepFailed(step: "llama-cpp-python server", status: 3, log: cache.paths.setupLog))
        #expect(error?.description.contains(cache.paths.setupLog.path) == true)
        #expect(progress.all.contains("  no index reachable"))
        let log = try String(contentsOf: cache.paths.setupLog, encoding: .utf8)
        #expect(log.contains("llama-cpp-python[server]==0.3.36") && log.contains("no index reachable"))
    }

    @Test func aMissingPythonNamesTheDebianPackage() async throws {
        let directory = try TemporaryDirectory()
        let paths = LocalModelPaths(root: URL(fileURLWithPath: directory.appending("cache")))
        let installer = LocalModelInstaller(paths: paths, environment: ["PATH": directory.path]) { _ in }
        await #expect(throws: LocalModelError.pythonMissing) { try await installer.install() }
        #expect(LocalModelError.pythonMissing.description.contains("python3-venv"))
    }

    @Test func lineSplitterCutsAtLineBreaksAcrossChunks() {
        let progress = ProgressLines()
        let splitter = LineSplitter(progress.callback)
        splitter.feed(Data("Collecting llama".utf8))
        splitter.feed(Data("-cpp-python\r\n\n  still running...\nlast".utf8))
        splitter.finish()
        #expect(progress.all == ["  Collecting llama-cpp-python", "  still running...", "  last"])
    }
}
