extension WorkspaceSnapshot {
    /// Checks that this snapshot can be restored as workspace `target`: it is of that
    /// workspace, its audit events form an intact hash chain of it from event 1, and its
    /// items are consistent (unique ids, credentials of its own integrations, messages
    /// numbered from 1). Every backend checks this before it writes anything.
    ///
    /// - Throws: ``SnapshotError`` naming the first problem.
    package func validate(for target: WorkspaceID) throws(SnapshotError) {
        guard workspaceID == target else { throw .otherWorkspace(snapshot: workspaceID, target: target) }
        guard let last = auditEvents.last else { throw .emptyAuditLog(target) }
        var verifier = AuditChainVerifier(workspace: target)
        do throws(AuditBreak) {
            for event in auditEvents { try verifier.check(event) }
            _ = try verifier.finish(sealedHead: last.head, sealValid: true)
        } catch {
            throw .brokenAuditLog(target, error)
        }
        if let reason = inconsistency() { throw .inconsistent(target, reason: reason) }
    }

    /// The first inconsistency among the items, or nil.
    private func inconsistency() -> String? {
        if let id = firstDuplicate(memory.map(\.id)) { return "memory document \(id) appears twice" }
        if let id = firstDuplicate(sessions.map(\.session.key.session)) { return "session \(id) appears twice" }
        if let id = firstDuplicate(integrations.map(\.id)) { return "integration \(id) appears twice" }
        if let id = firstDuplicate(alerts.map(\.id)) { return "alert \(id) appears twice" }
        if let key = firstDuplicate(credentials.map { "\($0.integration)/\($0.name.rawValue)" }) { return "credential \(key) appears twice" }
        for document in memory {
            // Stores keep what a draft keeps; anything else would not come back the same.
            guard let draft = try? MemoryDraft(kind: document.kind, title: document.title, body: document.body, tags: document.tags),
                  draft.title == document.title, draft.tags == document.tags
            else { return "memory document \(document.id) has a title, body or tags no store accepts" }
        }
        if let integration = integrations.first(where: { (try? Integration.validatedName($0.name)) != $0.name }) {
            return "integration \(integration.id) has a name no store accepts"
        }
        let integrationIDs = Set(integrations.map(\.id))
        for credential in credentials {
            guard integrationIDs.contains(credential.integration) else {
                return "credential \(credential.name.rawValue) belongs to integration \(credential.integration), which the snapshot lacks"
            }
            do {
                _ = try credential.validated()
            } catch {
                return "credential \(credential.name.rawValue) of \(credential.integration): \(error)"
            }
        }
        if let reason = sessionInconsistency() { return reason }
        if let alert = alerts.first(where: { $0.workspaceID != workspaceID }) { return "alert \(alert.id) belongs to another workspace" }
        return nil
    }

    /// The first session, or message, no store would hold as it is, or nil.
    private func sessionInconsistency() -> String? {
        for transcript in sessions {
            let session = transcript.session
            guard session.key.workspace == workspaceID else { return "session \(session.key.session) belongs to another workspace" }
            guard (try? ChatSession.validatedTitle(session.title)) == session.title else { return "session \(session.key.session) has a title no store accepts" }
            for message in transcript.messages {
                guard (try? MessageDraft(role: message.role, content: message.content, toolCalls: message.toolCalls, toolResult: message.toolResult,
                                         tokenCount: message.tokenCount)) != nil
                else { return "message \(message.sequence) of session \(session.key.session) is not one a store accepts" }
            }
            guard transcript.messages.enumerated().allSatisfy({ $0.element.sequence == Int64($0.offset + 1) }),
                  session.messageCount == transcript.messages.count
            else { return "the messages of session \(session.key.session) are not numbered 1 to \(transcript.messages.count)" }
        }
        return nil
    }

    private func firstDuplicate<T: Hashable>(_ values: [T]) -> T? {
        var seen = Set<T>()
        return values.first { !seen.insert($0).inserted }
    }
}
