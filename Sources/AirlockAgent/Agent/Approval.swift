import AirlockCore
import Foundation

/// Why the analyst is asked to approve a tool call.
public enum ApprovalReason: String, Sendable, Equatable, Codable {
    /// The tool changes something; such tools always ask.
    case sideEffects = "side-effects"
    /// The arguments repeat text from memory or tool output, which may be an injection.
    case untrustedArguments = "untrusted-arguments"
    /// The workspace's policy asks for read-only tools too.
    case policy
}

/// A tool call waiting for the analyst: everything the approval prompt shows.
public struct ApprovalRequest: Sendable, Identifiable {
    /// Identifies the request.
    public let id: UUID
    /// The session the call belongs to.
    public let session: SessionKey
    /// The call as the model made it (arguments are untrusted text).
    public let call: ToolCallRecord
    /// The tool: its effect, what leaves the machine, which credential label it uses.
    public let tool: ToolDefinition
    /// Why approval is needed.
    public let reasons: [ApprovalReason]
    /// Whether "allow for this session" is offered (never for tools with side effects or
    /// for calls with untrusted arguments).
    public let offersSessionAllowance: Bool
    /// What the call would send where (method, URL, body; no secrets), when the tool says.
    public let preview: String?

    /// Creates a request.
    public init(id: UUID, session: SessionKey, call: ToolCallRecord, tool: ToolDefinition, reasons: [ApprovalReason], offersSessionAllowance: Bool, preview: String? = nil) {
        self.id = id
        self.session = session
        self.call = call
        self.tool = tool
        self.reasons = reasons
        self.offersSessionAllowance = offersSessionAllowance
        self.preview = preview
    }
}

/// The analyst's answer.
public enum ApprovalDecision: String, Sendable, Equatable, Codable {
    case allowOnce = "allow-once"
    case allowForSession = "allow-for-session"
    case deny
}

/// What became of a tool call at the gate.
public enum ApprovalOutcome: Sendable, Equatable {
    /// It may run; `automatically` when no one was asked.
    case allowed(automatically: Bool)
    /// It may not run.
    case denied(DenialReason)

    /// Why a call was denied.
    public enum DenialReason: String, Sendable, Equatable {
        case byAnalyst = "denied by the analyst"
        case timedOut = "no answer in time"
        case runtimeClosed = "the workspace was closed"
        case turnStopped = "the turn was stopped"
    }

    /// Whether the call may run.
    public var isAllowed: Bool { if case .allowed = self { true } else { false } }
}

/// Asks the front end about one tool call. Must return (or be cancelled) eventually; the
/// gate denies on its own after the policy's timeout.
public typealias ApprovalHandler = @Sendable (ApprovalRequest) async -> ApprovalDecision

/// Which calls are asked about, and how long to wait for an answer.
public struct ApprovalPolicy: Sendable, Equatable {
    /// Whether read-only tools run without asking (unless their arguments are untrusted).
    public var autoAllowReadOnly: Bool
    /// How long to wait for the analyst before denying.
    public var timeout: Duration

    /// Creates a policy; by default every call asks and unanswered ones are denied after
    /// two minutes.
    public init(autoAllowReadOnly: Bool = false, timeout: Duration = .seconds(120)) {
        self.autoAllowReadOnly = autoAllowReadOnly
        self.timeout = timeout
    }
}
