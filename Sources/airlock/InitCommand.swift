import AirlockStore
import ArgumentParser

/// `airlock init`: creates the home, its master key and registry. Safe to run again.
struct InitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create the Airlock home (master key and registry); does nothing if it exists."
    )

    @OptionGroup var homeOptions: HomeOptions

    func run() async throws {
        try await CommandContext.withManager(homeOptions, create: true) { context in
            Output.lines(["Airlock home ready at \(context.home.root)"])
        }
    }
}
