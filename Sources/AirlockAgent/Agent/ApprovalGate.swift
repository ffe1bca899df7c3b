import AirlockCore
import Foundation

/// Decides every tool call of one runtime: by policy, or by asking the analyst.
///
/// Tools with side effects always ask; calls whose arguments repeat untrusted text always
/// ask; read-only tools ask unless the policy or an earlier "allow for this session" says
/// otherwise. Pending requests are denied when the answer times out or the runtime closes.
actor ApprovalGate {
    private let policy: ApprovalPolicy
    private var sessionAllowances: Set<String> = []
    private var pending: [UUID: Pending] = [:]
    private var closed = false

    private struct Pending {
        let request: ApprovalRequest
        let continuation: CheckedContinuation<ApprovalOutcome, Never>
        var tasks: [Task<Void, Never>] = []
    }

    init(policy: ApprovalPolicy) {
        self.policy = policy
    }

    /// The requests now waiting for the analyst.
    var pendingRequests: [ApprovalRequest] { pending.values.map(\.request) }

    /// Decides whether `call` of `tool` may run.
    func decide(_ call: ToolCallRecord, of tool: ToolDefinition, in session: SessionKey, untrustedArguments: Bool, preview: String? = nil, asking handler: @escaping ApprovalHandler) async -> ApprovalOutcome {
        guard !closed else { return .denied(.runtimeClosed) }
        var reasons: [ApprovalReason] = []
        if tool.effect.hasSideEffects { reasons.append(.sideEffects) }
        if untrustedArguments { reasons.append(.untrustedArguments) }
        if reasons.isEmpty {
            if policy.autoAllowReadOnly || sessionAllowances.contains(allowanceKey(session, tool)) {
                return .allowed(automatically: true)
            }
            reasons.append(.policy)
        }
        let request = ApprovalRequest(
            id: UUID(), session: session, call: call, tool: tool, reasons: reasons,
            offersSessionAllowance: reasons == [.policy], preview: preview
        )
        let timeout = policy.timeout
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<ApprovalOutcome, Never>) in
                guard !Task.isCancelled else { return continuation.resume(returning: .denied(.turnStopped)) }
                var entry = Pending(request: request, continuation: continuation)
                entry.tasks.append(Task { [weak self] in
                    let decision = await handler(request)
                    await self?.resolve(request.id, with: decision)
                })
                entry.tasks.append(Task { [weak self] in
                    try? await Task.sleep(for: timeout)
                    guard !Task.isCancelled else { return }
                    await self?.finish(request.id, with: .denied(.timedOut))
                })
                pending[request.id] = entry
            }
        } onCancel: {
            Task { [weak self] in await self?.finish(request.id, with: .denied(.turnStopped)) }
        }
    }

    /// Denies everything pending and everything asked from now on.
    func close() {
        closed = true
        for id in pending.keys { finish(id, with: .denied(.runtimeClosed)) }
        sessionAllowances.removeAll()
    }

    private func resolve(_ id: UUID, with decision: ApprovalDecision) {
        guard let entry = pending[id] else { return }
        switch decision {
        case .deny:
            finish(id, with: .denied(.byAnalyst))
        case .allowOnce:
            finish(id, with: .allowed(automatically: false))
        case .allowForSession:
            if entry.request.offersSessionAllowance {
                sessionAllowances.insert(allowanceKey(entry.request.session, entry.request.tool))
            }
            finish(id, with: .allowed(automatically: false))
        }
    }

    private func finish(_ id: UUID, with outcome: ApprovalOutcome) {
        guard let entry = pending.removeValue(forKey: id) else { return }
        entry.tasks.forEach { $0.cancel() }
        entry.continuation.resume(returning: outcome)
    }

    private func allowanceKey(_ session: SessionKey, _ tool: ToolDefinition) -> String {
        "\(session)\u{0}\(tool.name)"
    }
}
