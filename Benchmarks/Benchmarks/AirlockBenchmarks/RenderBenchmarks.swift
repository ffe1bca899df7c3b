import AirlockAgent
import AirlockCore
import AirlockStore
import AirlockTUI
import Benchmark
import Foundation

/// Drawing the console at 200×60 over a 10,000-message session.
func renderBenchmarks() {
    Benchmark("Render: first frame of a 10,000-message session at 200x60", configuration: bounded(.microseconds, seconds: 5, iterations: 2_000)) { _, state in
        blackHole(Renderer(theme: .builtIn, keyMap: .standard).render(state))
    } setup: {
        try RenderScene.state()
    }

    Benchmark("Render: frame while streaming at 500 tokens/s (60 fps)", configuration: bounded(.microseconds, seconds: 10, iterations: 600, warmup: 0)) { _, scene in
        scene.streamFrame()
    } setup: {
        try RenderScene()
    }
}

/// A console showing the long session while a reply streams into it.
final class RenderScene: @unchecked Sendable {
    static let size = (width: 200, height: 60)
    static let tokensPerSecond = 500
    static let framesPerSecond = 60

    private var state: AppState
    private let renderer = Renderer(theme: .builtIn, keyMap: .standard)
    private let tokens: [String]
    private var sent = 0
    private var frame = 0

    init() throws {
        state = try Self.state()
        state.workspace!.transcript.streaming = ""
        state.workspace!.transcript.turnRunning = true
        var text = SeedText(seed: 11)
        let reply = (0..<40).map { _ in text.message(fromUser: false) }.joined(separator: "\n\n")
        tokens = reply.split(separator: " ", omittingEmptySubsequences: false).map { $0 + " " }
        blackHole(renderer.render(state))
    }

    /// Delivers the tokens of one frame's interval through the reducer, then renders.
    func streamFrame() {
        frame += 1
        let due = frame * Self.tokensPerSecond / Self.framesPerSecond
        let context = renderer.reduceContext
        while sent < due {
            _ = reduce(&state, .workspace(epoch: state.epoch, .agent(.text(tokens[sent % tokens.count]))), context: context)
            sent += 1
        }
        blackHole(renderer.render(state))
    }

    /// The console at 200×60 with a seeded 10,000-message session open, following its end.
    static func state() throws -> AppState {
        let id = try WorkspaceID("render")
        let now = Date()
        let snapshot = WorkspaceSeed(documents: 0, sessions: 0, messagesPerSession: 0, longSession: 10_000, seed: 5)
            .snapshot(of: id, actor: AuditActor("benchmark"), at: now)
        let transcript = snapshot.sessions[0]
        var state = AppState(width: size.width, height: size.height, themeName: Theme.builtIn.name, now: now)
        state.workspaces = [WorkspaceEntry(id: id, name: "Render Co 東京")]
        state.workspacesLoaded = true
        state.epoch = 1
        var workspace = WorkspaceState(id: id, name: "Render Co 東京", model: IdleProvider().descriptor, sessions: [transcript.session])
        workspace.session = transcript.session.key
        workspace.transcript.messages = transcript.messages
        state.workspace = workspace
        return state
    }
}
