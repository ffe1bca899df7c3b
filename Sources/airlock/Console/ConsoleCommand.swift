import AirlockAgent
import AirlockCore
import AirlockStore
import AirlockTerminal
import AirlockTUI
import ArgumentParser
import Dispatch
import Foundation
import Glibc

/// `airlock` (or `airlock console`): the full-screen chat console.
struct ConsoleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "console",
        abstract: "Open the chat console (what `airlock` does without a command).",
        discussion: "Keys are listed with F1 inside the console and in the README; the theme and keys can be set in config.json."
    )

    @OptionGroup var homeOptions: HomeOptions

    @Option(help: ArgumentHelp("Theme name (dark, light, high-contrast, 16-colour, or one of your own).", valueName: "name"))
    var theme: String?

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let configuration = try AirlockConfiguration.load(environment: environment)
        let keyMap = try KeyMap.standard(overriddenBy: configuration.keyBindings)
        let library = ThemeLibrary(environment: environment, executablePath: Bundle.main.executablePath)
        let choice = library.loadOrBuiltIn(theme ?? configuration.theme)
        let loop = try UILoop<ConsoleMessage>()
        let quitOnSignals = Self.quitOnSignals(loop)
        defer { quitOnSignals.forEach { $0.cancel() } }
        try await CommandContext.withManager(homeOptions, create: true) { context in
            let editor = MemoryEditor(runEditor: { command, path in
                await withCheckedContinuation { continuation in
                    loop.post(.edit(command: command, path: path) { continuation.resume(returning: $0) })
                }
            }, environment: environment)
            let runner = EffectRunner(
                gateway: context.gateway, keyring: context.keyring, configuration: configuration, environment: environment,
                actor: AuditActor("console:" + (environment["USER"] ?? ProcessInfo.processInfo.userName)), editor: editor, themes: library
            ) { loop.post(.event($0)) }
            let effects = EffectQueue(runner: runner)
            let console = Console(
                state: AppState(width: 80, height: 24, themeName: choice.theme.name),
                renderer: Renderer(theme: choice.theme, keyMap: keyMap), effects: effects
            )
            if let error = choice.error { console.handle(.notice(Notice(error.description, kind: .error))) }
            console.request(.loadWorkspaces)
            let ticker = Task {
                while !Task.isCancelled {
                    try? await Task.sleep(for: .seconds(1))
                    loop.post(.event(.tick(Date())))
                }
            }
            defer { ticker.cancel() }
            do {
                try await loop.run(ConsoleLoopApp(console: console))
            } catch {
                await effects.finish()
                await runner.shutdown()
                throw error
            }
            await effects.finish()
            await runner.shutdown()
        }
    }

    /// SIGINT and SIGTERM end the console cleanly (the terminal is restored, the
    /// workspace closed, a local model server stopped) instead of killing it.
    private static func quitOnSignals(_ loop: UILoop<ConsoleMessage>) -> [any DispatchSourceSignal] {
        [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { loop.requestQuit() }
            source.resume()
            return source
        }
    }
}
