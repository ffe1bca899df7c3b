import AirlockTUI
import Foundation

/// The console's model on the UI thread: the state and the renderer. Every event goes
/// through `reduce`; every frame through `render`; effects go to the ``EffectQueue``.
final class Console {
    private(set) var state: AppState
    let renderer: Renderer
    private let effects: EffectQueue

    /// A console whose effects go to `effects`.
    init(state: AppState, renderer: Renderer, effects: EffectQueue) {
        self.state = state
        self.renderer = renderer
        self.effects = effects
    }

    /// Applies an event.
    func handle(_ event: AppEvent) {
        if case .themeChanged(let theme, _) = event { renderer.theme = theme }
        for effect in reduce(&state, event, context: renderer.reduceContext) {
            effects.submit(effect, epoch: state.epoch)
        }
    }

    /// Queues an effect as if the reducer had asked for it (start-up work).
    func request(_ effect: Effect) {
        effects.submit(effect, epoch: state.epoch)
    }

    /// The frame for the current state.
    func frame() -> Frame {
        renderer.render(state)
    }
}

/// Effects in the order they were asked for, carried out one at a time by the runner.
final class EffectQueue: Sendable {
    private let continuation: AsyncStream<(Effect, Int)>.Continuation
    private let worker: Task<Void, Never>

    /// A queue feeding `runner`.
    init(runner: EffectRunner) {
        let (stream, continuation) = AsyncStream.makeStream(of: (Effect, Int).self)
        self.continuation = continuation
        worker = Task {
            for await (effect, epoch) in stream {
                await runner.perform(effect, epoch: epoch)
            }
        }
    }

    /// Queues `effect`, issued while `epoch` was current.
    func submit(_ effect: Effect, epoch: Int) {
        continuation.yield((effect, epoch))
    }

    /// Takes no more effects and waits for the queued ones.
    func finish() async {
        continuation.finish()
        await worker.value
    }
}
