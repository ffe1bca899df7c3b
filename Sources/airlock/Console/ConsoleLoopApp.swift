import AirlockTerminal
import AirlockTUI
import Foundation

/// What other tasks post to the console's UI loop.
enum ConsoleMessage: Sendable {
    /// An event for the reducer.
    case event(AppEvent)
    /// Run an editor on a file with the real terminal, then report whether it succeeded.
    case edit(command: String, path: String, done: @Sendable (Bool) -> Void)
}

/// The console as the UI loop sees it: every event goes to the ``Console``; frames come
/// from its renderer.
struct ConsoleLoopApp: LoopApplication {
    let console: Console

    mutating func handle(_ event: LoopEvent<ConsoleMessage>) -> LoopCommand {
        switch event {
        case .input(let input):
            console.handle(.input(input))
        case .app(.event(let event)):
            console.handle(event)
        case .app(.edit(let command, let path, let done)):
            return .suspend {
                let status = try? ExternalProgram.run(["/bin/sh", "-c", command + " \"$1\"", "sh", path])
                done(status == 0)
            }
        }
        return console.state.quitting ? .quit : .redraw
    }

    func frame(width: Int, height: Int) -> Frame {
        if console.state.width != width || console.state.height != height {
            console.handle(.input(.resize(width: width, height: height)))
        }
        return console.frame()
    }
}
