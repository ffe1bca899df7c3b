import AirlockAgent
import AirlockCore
import Synchronization

/// A model provider in the test process: each request takes the next script.
public final class ScriptedProvider: ModelProvider {
    /// What one request streams.
    public enum Script: Sendable {
        /// These events, with `delay` before each.
        case events([ModelEvent], delay: Duration = .zero)
        /// Text every few milliseconds until the consumer cancels.
        case endless(String)
    }

    public let descriptor: ModelDescriptor
    private let state = Mutex<(scripts: [Script], requests: [ModelRequest], cancelled: Int)>(([], [], 0))

    public init(supportsTools: Bool = true, contextWindow: Int = 8192, scripts: [Script] = []) {
        descriptor = ModelDescriptor(provider: "scripted", model: "scripted", contextWindow: contextWindow, supportsTools: supportsTools)
        state.withLock { $0.scripts = scripts }
    }

    /// Adds a script for a later request.
    public func enqueue(_ script: Script) {
        state.withLock { $0.scripts.append(script) }
    }

    /// Every request received, in order.
    public var requests: [ModelRequest] { state.withLock { $0.requests } }

    /// How many streams ended because their consumer cancelled.
    public var cancelledStreams: Int { state.withLock { $0.cancelled } }

    /// Nothing to close.
    public func shutdown() async {}

    public func stream(_ request: ModelRequest) -> AsyncThrowingStream<ModelEvent, any Error> {
        let script: Script? = state.withLock { state in
            state.requests.append(request)
            return state.scripts.isEmpty ? nil : state.scripts.removeFirst()
        }
        return AsyncThrowingStream { continuation in
            let task = Task { [self] in
                do {
                    switch script {
                    case .none:
                        continuation.finish(throwing: ProviderError.malformedResponse("no script left"))
                        return
                    case .events(let events, let delay)?:
                        for event in events {
                            if delay > .zero { try await Task.sleep(for: delay) }
                            continuation.yield(event)
                        }
                    case .endless(let text)?:
                        while true {
                            try await Task.sleep(for: .milliseconds(5))
                            continuation.yield(.text(text))
                        }
                    }
                    continuation.finish()
                } catch {
                    self.state.withLock { $0.cancelled += 1 }
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}

extension ScriptedProvider.Script {
    /// A plain answer.
    public static func answer(_ text: String) -> Self {
        .events([.text(text), .finished(.stop, ModelUsage(inputTokens: 10, outputTokens: 5))])
    }

    /// A request for one tool call.
    public static func call(_ name: String, _ arguments: String, id: String = "call-1") -> Self {
        .events([.toolCall(ToolCallRecord(id: id, name: name, arguments: arguments)), .finished(.toolCalls, nil)])
    }
}
