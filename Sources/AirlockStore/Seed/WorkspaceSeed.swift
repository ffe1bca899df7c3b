import AirlockCore
import Foundation

/// What a seeded workspace holds: how many memory documents, sessions and messages, made
/// by ``SeedText`` so that the same plan gives the same workspace everywhere.
///
/// ``snapshot(of:actor:at:)`` builds the whole workspace in memory, ready for
/// ``WorkspaceManager/createWorkspace(name:id:actor:restoring:)`` — far faster than adding
/// items one audited call at a time.
public struct WorkspaceSeed: Sendable, Equatable {
    /// The title of the extra session made when ``longSession`` is above zero.
    public static let longSessionTitle = "Long conversation"

    /// How many documents are pinned at most: every 47th, up to this many.
    public static let pinnedLimit = 10

    /// Memory documents (every kind in turn; a few pinned, see ``pinnedLimit``).
    public var documents: Int
    /// Ordinary sessions.
    public var sessions: Int
    /// Messages in each ordinary session, alternating user and assistant.
    public var messagesPerSession: Int
    /// Messages in one extra session titled ``longSessionTitle``; none if zero.
    public var longSession: Int
    /// What fixes the text.
    public var seed: UInt64

    /// A plan; every count must be zero or more.
    public init(documents: Int, sessions: Int, messagesPerSession: Int, longSession: Int = 0, seed: UInt64 = 1) {
        precondition(documents >= 0 && sessions >= 0 && messagesPerSession >= 0 && longSession >= 0, "seed counts must not be negative")
        self.documents = documents
        self.sessions = sessions
        self.messagesPerSession = messagesPerSession
        self.longSession = longSession
        self.seed = seed
    }

    /// The workspace `workspace` as planned, created by `actor` at `time`: its audit log is
    /// one `workspace.create` event, and items are dated over the 90 days before `time`.
    public func snapshot(of workspace: WorkspaceID, actor: AuditActor, at time: Date) -> WorkspaceSnapshot {
        var text = SeedText(seed: seed)
        let start = time.addingTimeInterval(-90 * 86_400)
        let memory = (0..<documents).map { document($0, text: &text, from: start) }
        var transcripts = (0..<sessions).map { index in
            transcript(id: String(format: "s-seed-%06d", index), title: text.title(), messages: messagesPerSession,
                       text: &text, workspace: workspace, from: start.addingTimeInterval(Double(index) * 60))
        }
        if longSession > 0 {
            transcripts.append(transcript(id: "s-seed-long", title: Self.longSessionTitle, messages: longSession,
                                          text: &text, workspace: workspace, from: start))
        }
        let created = AuditEvent.next(after: .genesis, workspace: workspace, entry: AuditEntry(.workspaceCreate, "workspace/\(workspace)"),
                                      actor: actor, time: time)
        return WorkspaceSnapshot(workspaceID: workspace, createdAt: created.time, memory: memory, sessions: transcripts, integrations: [],
                                 credentials: [], auditEvents: [created], alerts: [])
    }

    private func document(_ index: Int, text: inout SeedText, from start: Date) -> MemoryDocument {
        let kind = MemoryKind.allCases[index % MemoryKind.allCases.count]
        let body = (0..<text.number(in: 1...4)).map { _ in text.paragraph() }.joined(separator: "\n\n")
        // Drafts trim titles and normalize tags exactly as stores keep them.
        let draft = try! MemoryDraft(kind: kind, title: text.title(), body: body, tags: text.tags(), pinned: index % 47 == 0 && index / 47 < Self.pinnedLimit)
        let created = Self.rounded(start.addingTimeInterval(Double(index) * 7))
        return MemoryDocument(id: try! MemoryID(String(format: "m-seed-%07d", index)), kind: kind, title: draft.title, body: draft.body,
                              tags: draft.tags, pinned: draft.pinned, createdAt: created, updatedAt: created)
    }

    private func transcript(id: String, title: String, messages count: Int, text: inout SeedText, workspace: WorkspaceID,
                            from start: Date) -> SessionTranscript {
        let messages = (0..<count).map { index in
            let role: MessageRole = index % 2 == 0 ? .user : .assistant
            return ChatMessage(sequence: Int64(index + 1), role: role, content: text.message(fromUser: role == .user), toolCalls: [],
                               toolResult: nil, tokenCount: nil, createdAt: Self.rounded(start.addingTimeInterval(Double(index) * 2)))
        }
        let created = Self.rounded(start)
        let session = ChatSession(key: SessionKey(workspace: workspace, session: try! SessionID(id)), title: title, createdAt: created,
                                  updatedAt: messages.last?.createdAt ?? created, messageCount: count)
        return SessionTranscript(session: session, messages: messages)
    }

    private static func rounded(_ time: Date) -> Date {
        Date(millisecondsSince1970: time.millisecondsSince1970)
    }
}
