import AirlockCore
import AirlockStore
import ArgumentParser

/// `--all` or `--workspace ID`: which workspaces a maintenance step runs on.
struct MaintenanceSelection: ParsableArguments {
    @OptionGroup var homeOptions: HomeOptions

    @Flag(help: "Every workspace in the registry, one after another.")
    var all = false

    @Option(name: .long, help: ArgumentHelp("Only this workspace.", valueName: "id"))
    var workspace: String?

    func validate() throws {
        guard all != (workspace != nil) else { throw ValidationError("give either --all or --workspace ID") }
    }

    /// Runs `operation` on each selected workspace in turn, printing a line for each.
    ///
    /// - Throws: ``MaintenanceError`` after the last workspace if any failed.
    func run(_ operation: MaintenanceOperation) async throws {
        let chosen = try workspace.map { try WorkspaceID($0) }
        try await CommandContext.withManager(homeOptions) { context in
            let ids: [WorkspaceID]
            if let chosen {
                ids = [chosen]
            } else {
                ids = try await context.manager.registryListing().map(\.id)
            }
            var failed = 0
            for id in ids {
                let report = await context.manager.maintain(id, operation, actor: context.actor)
                if !report.passed { failed += 1 }
                Output.lines(["\(report.workspace)  \(report.passed ? "ok" : "FAILED")  \(report.detail)"])
            }
            if failed > 0 { throw MaintenanceError.failed(operation, failed: failed, of: ids.count) }
            if ids.isEmpty { Output.lines(["No workspaces in the registry."]) }
        }
    }
}

/// Why a maintenance run exits non-zero (its lines say which workspaces and why).
enum MaintenanceError: Error, CustomStringConvertible {
    case failed(MaintenanceOperation, failed: Int, of: Int)

    var description: String {
        switch self {
        case .failed(let operation, let failed, let total):
            "maintenance \(operation.rawValue) failed for \(failed) of \(total) workspace\(total == 1 ? "" : "s")"
        }
    }
}
