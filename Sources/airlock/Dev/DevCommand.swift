import ArgumentParser

/// `airlock dev …`: tools for developing and measuring Airlock.
struct DevCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dev",
        abstract: "Developer tools: seed large workspaces for benchmarks and tests.",
        subcommands: [DevSeedCommand.self]
    )
}
