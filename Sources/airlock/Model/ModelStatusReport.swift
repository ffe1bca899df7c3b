import AirlockAgent
import Foundation

/// The local model's status as `airlock model status` prints it.
struct ModelStatusReport: Encodable {
    /// A file or folder: where it is and how many bytes it holds, if it exists.
    struct Item: Encodable {
        let path: String
        let bytes: Int64?
    }

    let model: String
    let installed: Bool
    let cacheDirectory: String
    let environment: Item
    let serverInstalled: Bool
    let wheel: Item?
    let modelFile: Item
    let modelComplete: Bool
    let setupLog: String
    let serverLog: String

    init(_ status: LocalModelStatus) {
        let paths = status.paths
        model = LocalModel.alias
        installed = status.isInstalled
        cacheDirectory = paths.root.path
        environment = Item(path: paths.venv.path, bytes: status.venvBytes)
        serverInstalled = status.serverInstalled
        wheel = status.wheel.map { Item(path: $0.path, bytes: status.wheelBytes) }
        modelFile = Item(path: paths.model.path, bytes: status.modelBytes)
        modelComplete = status.modelComplete
        setupLog = paths.setupLog.path
        serverLog = paths.serverLog.path
    }

    /// The report for people.
    var lines: [String] {
        let modelState = modelComplete ? "complete" : modelFile.bytes.map { "incomplete, expected \(LocalModel.modelFileSize) bytes; had \($0)" } ?? "missing"
        return [
            "Local model \(model): " + (installed ? "installed" : "not installed; run `make model` or `airlock model setup`"),
        ] + Output.table(["", ""], [
            ["cache", cacheDirectory],
            ["environment", environment.path + " (" + (serverInstalled ? "server installed" : "server missing")
                + (environment.bytes.map { ", " + Self.size($0) } ?? "") + ")"],
            ["wheel", wheel.map { $0.path + ($0.bytes.map { " (" + Self.size($0) + ")" } ?? "") } ?? "none built"],
            ["model", modelFile.path + " (" + modelState + (modelComplete ? ", " + Self.size(LocalModel.modelFileSize) : "") + ")"],
            ["setup log", setupLog],
            ["server log", serverLog],
        ]).dropFirst().map { "  " + $0 }
    }

    private static func size(_ bytes: Int64) -> String {
        String(format: "%.1f MiB", Double(bytes) / 1_048_576)
    }
}
