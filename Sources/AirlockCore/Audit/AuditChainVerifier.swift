/// The first place where an audit chain fails to verify.
public enum AuditBreak: Error, Equatable, Sendable, CustomStringConvertible {
    case modified(sequence: Int64)
    case missing(sequence: Int64)
    case outOfOrder(sequence: Int64)
    case brokenLink(sequence: Int64)
    case foreignEvent(sequence: Int64)
    case truncated(lastSequence: Int64, sealedSequence: Int64)
    case unsealedTail(sequence: Int64)
    case headMismatch(sequence: Int64)
    case sealInvalid

    /// The sequence number of the first broken event, where there is one.
    public var sequence: Int64? {
        switch self {
        case .modified(let s), .missing(let s), .outOfOrder(let s), .brokenLink(let s),
             .foreignEvent(let s), .unsealedTail(let s), .headMismatch(let s):
            return s
        case .truncated(let last, _):
            return last + 1
        case .sealInvalid:
            return nil
        }
    }

    public var description: String {
        switch self {
        case .modified(let s):
            return "audit event \(s) was modified: its contents do not match its hash"
        case .missing(let s):
            return "audit event \(s) is missing"
        case .outOfOrder(let s):
            return "audit event \(s) is out of order"
        case .brokenLink(let s):
            return "audit event \(s) does not follow event \(s - 1): the chain was reordered or an event replaced"
        case .foreignEvent(let s):
            return "audit event \(s) belongs to another workspace"
        case .truncated(let last, let sealed):
            return "audit event \(last + 1) is missing: the log ends at event \(last) but its sealed head is event \(sealed)"
        case .unsealedTail(let s):
            return "audit event \(s) was added after the last sealed head"
        case .headMismatch(let s):
            return "audit event \(s) differs from the sealed head"
        case .sealInvalid:
            return "the audit head's seal does not verify: the log was rewritten or belongs to another workspace"
        }
    }
}

/// Walks an audit chain event by event, in sequence order, keeping constant memory.
///
/// Feed every event to ``check(_:)`` and then call ``finish(sealedHead:sealValid:)``; the
/// first problem found is the answer.
public struct AuditChainVerifier: Sendable {
    private let workspace: WorkspaceID
    private var last = AuditHead.genesis

    /// Starts verifying `workspace`'s chain from its genesis.
    public init(workspace: WorkspaceID) {
        self.workspace = workspace
    }

    /// Checks the next event.
    ///
    /// - Throws: ``AuditBreak`` at the first event that does not verify.
    public mutating func check(_ event: AuditEvent) throws(AuditBreak) {
        let expected = last.sequence + 1
        guard event.workspaceID == workspace else { throw .foreignEvent(sequence: event.sequence) }
        if event.sequence > expected { throw .missing(sequence: expected) }
        if event.sequence < expected { throw .outOfOrder(sequence: event.sequence) }
        guard ConstantTime.equals(event.expectedHash, event.hash) else { throw .modified(sequence: event.sequence) }
        guard ConstantTime.equals(event.previousHash, last.hash) else { throw .brokenLink(sequence: event.sequence) }
        last = event.head
    }

    /// Compares the end of the walked chain with the sealed head.
    ///
    /// - Returns: the number of verified events.
    /// - Throws: ``AuditBreak`` if the chain was cut, extended or re-sealed.
    public func finish(sealedHead: AuditHead, sealValid: Bool) throws(AuditBreak) -> Int64 {
        if last.sequence < sealedHead.sequence {
            throw .truncated(lastSequence: last.sequence, sealedSequence: sealedHead.sequence)
        }
        if last.sequence > sealedHead.sequence { throw .unsealedTail(sequence: sealedHead.sequence + 1) }
        guard ConstantTime.equals(last.hash, sealedHead.hash) else { throw .headMismatch(sequence: last.sequence) }
        guard sealValid else { throw .sealInvalid }
        return last.sequence
    }
}
