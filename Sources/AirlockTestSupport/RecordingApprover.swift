import AirlockAgent
import Synchronization

/// An approval handler that records what it was asked and answers `decision`.
public final class RecordingApprover: Sendable {
    private let asked = Mutex<[ApprovalRequest]>([])
    public let decision: ApprovalDecision

    public init(_ decision: ApprovalDecision) {
        self.decision = decision
    }

    public var requests: [ApprovalRequest] { asked.withLock { $0 } }

    public var handler: ApprovalHandler {
        { [self] request in
            asked.withLock { $0.append(request) }
            return decision
        }
    }
}
