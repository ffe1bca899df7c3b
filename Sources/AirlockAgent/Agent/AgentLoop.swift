import AirlockCore
import Foundation

/// What happens during a chat turn, in order, for the front end to show.
public enum AgentEvent: Sendable {
    /// The analyst's message was saved.
    case userMessageSaved(ChatMessage)
    /// A model step is about to be sent with this context.
    case contextBuilt(ModelContext)
    /// More answer text arrived.
    case text(String)
    /// An answer (or a request for tools) was saved.
    case assistantMessageSaved(ChatMessage)
    /// The model asked for a tool; the gate decided.
    case toolCallDecided(ToolCallRecord, ApprovalOutcome)
    /// A tool result (or the reason a call did not run) was saved.
    case toolResultSaved(ChatMessage)
    /// The turn is over.
    case finished(TurnSummary)
}

/// How a turn ended.
public struct TurnSummary: Sendable, Equatable {
    /// Model steps taken.
    public let steps: Int
    /// Whether the step limit cut the turn short.
    public let reachedStepLimit: Bool
    /// Tokens reported by the server over all steps, when it reports them.
    public let usage: ModelUsage?
}

/// One chat turn: the message, then model steps — each with a fresh context — and tool
/// calls through the approval gate, until the model answers without tools or the step
/// limit is reached. Every message on the way is saved to the session.
struct AgentLoop: Sendable {
    /// The largest tool result passed back to the model, in characters.
    static let toolResultLimit = 32_000

    let source: ContextBuilder.Source
    let builder: ContextBuilder
    let provider: any ModelProvider
    let tools: ToolSet
    let gate: ApprovalGate
    let stepLimit: Int
    /// Admits each tool call that is allowed to run as one API operation of the workspace.
    let admission: OperationAdmission

    @discardableResult
    func run(_ text: String, in session: SessionKey, approvals: @escaping ApprovalHandler, emit: @Sendable (AgentEvent) -> Void) async throws -> TurnSummary {
        let store = source.store
        emit(.userMessageSaved(try await store.appendMessage(try MessageDraft(role: .user, content: text), to: session)))
        var untrusted = UntrustedFragments()
        var usage: ModelUsage?
        for step in 1...stepLimit {
            try Task.checkCancellation()
            let context = try await builder.build(from: source, session: session, newMessage: nil)
            for part in context.parts {
                switch part.source {
                case .pinnedMemory, .retrievedMemory, .toolResult: untrusted.add(part.text)
                default: break
                }
            }
            emit(.contextBuilt(context))
            let answer = try await stream(context.request, session: session, emit: emit)
            if let stepUsage = answer.usage {
                usage = ModelUsage(inputTokens: (usage?.inputTokens ?? 0) + stepUsage.inputTokens, outputTokens: (usage?.outputTokens ?? 0) + stepUsage.outputTokens)
            }
            let saved = try await store.appendMessage(
                try MessageDraft(role: .assistant, content: answer.text, toolCalls: answer.calls, tokenCount: answer.usage?.outputTokens), to: session
            )
            emit(.assistantMessageSaved(saved))
            if answer.calls.isEmpty {
                let summary = TurnSummary(steps: step, reachedStepLimit: false, usage: usage)
                emit(.finished(summary))
                return summary
            }
            for call in answer.calls {
                try Task.checkCancellation()
                let result = await execute(call, in: session, untrusted: &untrusted, approvals: approvals, emit: emit)
                emit(.toolResultSaved(try await store.appendMessage(try MessageDraft(role: .tool, content: "", toolResult: result), to: session)))
            }
        }
        let summary = TurnSummary(steps: stepLimit, reachedStepLimit: true, usage: usage)
        emit(.finished(summary))
        return summary
    }

    /// The streamed answer of one step.
    private struct Answer {
        var text = ""
        var calls: [ToolCallRecord] = []
        var usage: ModelUsage?
    }

    /// Streams one step. If the turn is cancelled mid-answer, what arrived is saved
    /// (marked as interrupted) while the store is still open.
    private func stream(_ request: ModelRequest, session: SessionKey, emit: @Sendable (AgentEvent) -> Void) async throws -> Answer {
        var answer = Answer()
        do {
            for try await event in provider.stream(request) {
                try Task.checkCancellation()
                switch event {
                case .text(let delta):
                    answer.text += delta
                    emit(.text(delta))
                case .toolCall(let call):
                    answer.calls.append(call)
                case .finished(_, let usage):
                    answer.usage = usage
                }
            }
            try Task.checkCancellation()
        } catch {
            if !answer.text.isEmpty, let draft = try? MessageDraft(role: .assistant, content: answer.text + "\n\n[interrupted]") {
                _ = try? await source.store.appendMessage(draft, to: session)
            }
            throw error
        }
        return answer
    }

    /// Runs one tool call if the gate allows it; the result (or why it did not run) goes
    /// back to the model as an untrusted tool result.
    private func execute(_ call: ToolCallRecord, in session: SessionKey, untrusted: inout UntrustedFragments, approvals: @escaping ApprovalHandler, emit: @Sendable (AgentEvent) -> Void) async -> ToolResultRecord {
        let tool: any AgentTool
        let arguments: ToolArguments
        do {
            tool = try tools.tool(named: call.name)
            arguments = try ToolArguments(json: call.arguments, for: tool.definition)
        } catch {
            return ToolResultRecord(callID: call.id, content: "error: \(error)", isError: true)
        }
        let outcome = await gate.decide(
            call, of: tool.definition, in: session, untrustedArguments: untrusted.taints(.object(arguments.values)),
            preview: tool.preview(arguments), asking: approvals
        )
        emit(.toolCallDecided(call, outcome))
        do {
            // Every verdict goes to the workspace's audit log, where denials feed the anomaly detector.
            try await source.store.recordApproval(tool: call.name, outcome: outcome.isAllowed ? .allowed : .denied)
        } catch where outcome.isAllowed {
            return ToolResultRecord(callID: call.id, content: "The call was not run: its approval could not be audited (\(error)).", isError: true)
        } catch {
            // A denied call does not run either way.
        }
        guard outcome.isAllowed else {
            if case .denied(let reason) = outcome {
                return ToolResultRecord(callID: call.id, content: "The call was not run: \(reason.rawValue).", isError: true)
            }
            return ToolResultRecord(callID: call.id, content: "The call was not run.", isError: true)
        }
        do {
            try admission.admit(.api)
        } catch {
            return ToolResultRecord(callID: call.id, content: "The call was not run: \(error).", isError: true)
        }
        do {
            var output = try await tool.run(arguments, in: ToolEnvironment(store: source.store))
            if output.count > Self.toolResultLimit {
                output = String(output.prefix(Self.toolResultLimit)) + "\n[cut at \(Self.toolResultLimit) characters]"
            }
            untrusted.add(output)
            return ToolResultRecord(callID: call.id, content: output, isError: false)
        } catch {
            return ToolResultRecord(callID: call.id, content: "error: \(error)", isError: true)
        }
    }
}
