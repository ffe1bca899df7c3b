import AirlockCore
import Foundation

extension FileWorkspaceStore {
    /// Starts a new, empty chat session.
    public func createSession(title: String) throws -> ChatSession {
        let title = try ChatSession.validatedTitle(title)
        let id = SessionID.generate()
        let time = now.millisecondsSince1970
        let file = SessionFile(header: SessionFile.Header(title: title, createdAt: time, updatedAt: time), messages: [])
        return try audited(AuditEntry(.sessionCreate, "session/\(id)")) { transaction in
            transaction.writes.append(.replace(transaction.files.session(id), try file.encoded()))
            return file.session(id, in: workspaceID)
        }
    }

    /// All sessions, most recently active first.
    public func sessions() throws -> [ChatSession] {
        try audited(AuditEntry(.sessionList, "session")) { transaction in
            try transaction.files.ids(in: transaction.files.sessionsFolder, suffix: ".jsonl") { try SessionID($0) }
                .map { try Self.sessionFile($0, in: transaction.files).session($0, in: workspaceID) }
                .sorted { $0.updatedAt != $1.updatedAt ? $0.updatedAt > $1.updatedAt : $0.key.session < $1.key.session }
        }
    }

    /// The session `key` — after checking it belongs to this workspace.
    public func session(_ key: SessionKey) throws -> ChatSession {
        try audited(AuditEntry(.sessionRead, "session/\(key.session)")) { transaction in
            let id = try owned(key)
            return try Self.sessionFile(id, in: transaction.files).session(id, in: workspaceID)
        }
    }

    /// Gives session `key` a new title.
    public func renameSession(_ key: SessionKey, to title: String) throws -> ChatSession {
        let title = try ChatSession.validatedTitle(title)
        let time = now.millisecondsSince1970
        return try audited(AuditEntry(.sessionRename, "session/\(key.session)")) { transaction in
            let id = try owned(key)
            var file = try Self.sessionFile(id, in: transaction.files)
            file.header.title = title
            file.header.updatedAt = time
            transaction.writes.append(.replace(transaction.files.session(id), try file.encoded()))
            return file.session(id, in: workspaceID)
        }
    }

    /// Deletes session `key` and its messages.
    public func deleteSession(_ key: SessionKey) throws {
        try audited(AuditEntry(.sessionDelete, "session/\(key.session)")) { transaction in
            let id = try owned(key)
            _ = try Self.sessionFile(id, in: transaction.files)
            transaction.writes.append(.remove(transaction.files.session(id)))
        }
    }

    /// Appends a message to session `key`.
    public func appendMessage(_ draft: MessageDraft, to key: SessionKey) throws -> ChatMessage {
        let time = now
        return try audited(AuditEntry(.messageAppend, "session/\(key.session)")) { transaction in
            let id = try owned(key)
            var file = try Self.sessionFile(id, in: transaction.files)
            let message = ChatMessage(sequence: Int64(file.messages.count + 1), role: draft.role, content: draft.content,
                                      toolCalls: draft.toolCalls, toolResult: draft.toolResult, tokenCount: draft.tokenCount, createdAt: time)
            file.messages.append(message)
            file.header.updatedAt = time.millisecondsSince1970
            transaction.writes.append(.replace(transaction.files.session(id), try file.encoded()))
            return message
        }
    }

    /// Session `key` with its messages (all of them, or only the last `lastMessages`).
    public func transcript(_ key: SessionKey, lastMessages: Int?) throws -> SessionTranscript {
        try audited(AuditEntry(.sessionRead, "session/\(key.session)")) { transaction in
            let id = try owned(key)
            let file = try Self.sessionFile(id, in: transaction.files)
            let messages = lastMessages.map { Array(file.messages.suffix(max(0, $0))) } ?? file.messages
            return SessionTranscript(session: file.session(id, in: workspaceID), messages: messages)
        }
    }

    /// Full-text search over the messages of every session of this workspace.
    public func searchMessages(_ query: MessageSearchQuery) throws -> [MessageSearchHit] {
        try audited(AuditEntry(.messageSearch, "session")) { transaction in
            let scan = TextScan(query.text)
            guard !scan.isEmpty else { return [] }
            var hits: [(hit: MessageSearchHit, time: Date)] = []
            for id in try transaction.files.ids(in: transaction.files.sessionsFolder, suffix: ".jsonl", { try SessionID($0) }) {
                let file = try Self.sessionFile(id, in: transaction.files)
                for message in file.messages {
                    let counts = scan.counts(in: message.content)
                    guard scan.accepts(counts) else { continue }
                    let score = counts.reduce(0.0) { $0 + MemoryScan.share($1) }
                    hits.append((MessageSearchHit(session: id, sessionTitle: file.header.title, sequence: message.sequence, role: message.role,
                                                  snippet: scan.excerpt(of: message.content), score: score), message.createdAt))
                }
            }
            hits.sort { a, b in
                if a.hit.score != b.hit.score { return a.hit.score > b.hit.score }
                if a.time != b.time { return a.time > b.time }
                return (a.hit.session, a.hit.sequence) < (b.hit.session, b.hit.sequence)
            }
            return hits.prefix(query.text.limit).map(\.hit)
        }
    }

    /// The session id of `key` if `key` names this workspace; otherwise not found, exactly
    /// as for a session that does not exist.
    private func owned(_ key: SessionKey) throws -> SessionID {
        guard key.workspace == workspaceID else { throw StoreError.sessionNotFound(key.session) }
        return key.session
    }

    static func sessionFile(_ id: SessionID, in files: WorkspaceFiles) throws -> SessionFile {
        guard let bytes = try files.readIfPresent(files.session(id)) else { throw StoreError.sessionNotFound(id) }
        return try SessionFile.decode(bytes)
    }
}
