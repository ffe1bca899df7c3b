import AirlockCore
import Foundation

/// The hash-chained audit log of the file backend: `audit.jsonl`, one event per line,
/// with the same chain and seal as the SQLite log (``AuditLog``) and the sealed head in
/// `identity.json`.
enum FileAuditLog {
    /// One line of `audit.jsonl`.
    struct Line: Codable {
        let workspace: String
        let seq: Int64
        let time: Int64
        let actor: String
        let action: String
        let resource: String
        let prevHash: String
        let hash: String

        private enum CodingKeys: String, CodingKey {
            case workspace, seq, time, actor, action, resource, prevHash = "prev_hash", hash
        }

        init(_ event: AuditEvent) {
            workspace = event.workspaceID.rawValue
            seq = event.sequence
            time = event.time.millisecondsSince1970
            actor = event.actor
            action = event.action
            resource = event.resource
            prevHash = FileJSON.hex(event.previousHash)
            hash = FileJSON.hex(event.hash)
        }

        var event: AuditEvent? {
            guard let workspaceID = try? WorkspaceID(workspace), let previous = FileJSON.unhex(prevHash), let own = FileJSON.unhex(hash) else { return nil }
            return AuditEvent(workspaceID: workspaceID, sequence: seq, time: Date(millisecondsSince1970: time), actor: actor,
                              action: action, resource: resource, previousHash: previous, hash: own)
        }
    }

    /// Appends the event for `entry` after the sealed head of `identity`: first the
    /// identity is written with the new sealed head and the event's line, then the line is
    /// appended to the log. A crash in between leaves a log one line short, which
    /// ``completeInterruptedAppend(_:files:)`` finishes under the next lock.
    ///
    /// - Returns: the new event's sequence number.
    /// - Throws: ``StoreError/auditLogTampered(_:)`` if the log does not end where the
    ///   sealed head says (events slipped in after it, or the log was cut).
    static func append(_ entry: AuditEntry, actor: AuditActor, time: Date, sealKey: AuditSealKey,
                       identity: inout FileIdentity, files: WorkspaceFiles) throws -> Int64 {
        let workspace = sealKey.workspace
        guard try SecureFile.kind(of: files.audit) == .regular else { throw StoreError.unrecognizedWorkspaceFile(workspace) }
        guard try SecureFile.size(of: files.audit) == identity.auditBytes else { throw StoreError.auditLogTampered(workspace) }
        let event = AuditEvent.next(after: identity.head.0, workspace: workspace, entry: entry, actor: actor, time: time)
        let line = try FileJSON.line(Line(event))
        var advanced = identity
        advanced.advance(to: event.head, line: line, sealKey: sealKey)
        try advanced.write(to: files)
        identity = advanced
        try SecureFile.append(line, to: files.audit)
        return event.sequence
    }

    /// Finishes an append that a crash cut short: if the log ends inside or just before
    /// the last sealed line, with exactly that line's first bytes, the rest is appended.
    /// Anything else is left for ``verify(_:identity:sealKey:)`` to report.
    static func completeInterruptedAppend(_ identity: FileIdentity, files: WorkspaceFiles) throws {
        guard let last = identity.lastLine, try SecureFile.kind(of: files.audit) == .regular else { return }
        let line = Array(last.utf8)
        let start = identity.auditBytes - Int64(line.count)
        let size = try SecureFile.size(of: files.audit)
        guard start >= 0, size >= start, size < identity.auditBytes else { return }
        let log = try SecureFile.read(files.audit, limit: WorkspaceFiles.readLimit, privateOnly: true)
        let written = log[Int(start)...]
        guard line.starts(with: written) else { return }
        try SecureFile.append(Array(line[written.count...]), to: files.audit)
    }

    /// The last `last` events (or all of them), oldest first.
    static func events(_ files: WorkspaceFiles, last: Int?) throws -> [AuditEvent] {
        let lines = FileJSON.lines(try files.readIfPresent(files.audit) ?? [])
        let kept = last.map { lines.suffix(max(0, $0)) } ?? lines[...]
        return try kept.map { line in
            guard let event = (try? JSONDecoder().decode(Line.self, from: Data(line)))?.event else {
                throw StoreError.storage("the audit log holds a damaged line")
            }
            return event
        }
    }

    /// Walks the whole chain in order and compares its end with the sealed head.
    static func verify(_ files: WorkspaceFiles, identity: FileIdentity, sealKey: AuditSealKey) throws -> AuditVerification {
        var verifier = AuditChainVerifier(workspace: sealKey.workspace)
        let lines = FileJSON.lines(try files.readIfPresent(files.audit) ?? [])
        do {
            for (index, line) in lines.enumerated() {
                guard let event = (try? JSONDecoder().decode(Line.self, from: Data(line)))?.event else {
                    throw AuditBreak.modified(sequence: Int64(index + 1))
                }
                try verifier.check(event)
            }
            let (head, seal) = identity.head
            return .intact(events: try verifier.finish(sealedHead: head, sealValid: sealKey.verifies(head, seal: seal)))
        } catch let failure as AuditBreak {
            return .broken(failure)
        }
    }
}
