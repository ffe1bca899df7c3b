import AirlockCore
import Foundation

/// A snapshot's items as files of the file backend's layout, by path relative to a
/// workspace (or snapshot) directory: what ``SnapshotDirectory`` writes and a file-backend
/// import restores.
enum SnapshotLayout {
    /// `audit.jsonl` below the directory.
    static let audit = "audit.jsonl"
    /// `alerts.jsonl` below the directory.
    static let alerts = "alerts.jsonl"

    /// Every memory document, session and integration (with its sealed credentials), and
    /// the alerts (oldest first, as the file backend keeps them). Integrations and
    /// credentials keep the snapshot's update times, or are stamped `updatedAt` without one.
    static func items(of snapshot: WorkspaceSnapshot, updatedAt: Date) throws -> [(path: String, bytes: [UInt8])] {
        let files = WorkspaceFiles(directory: "")
        var items: [(path: String, bytes: [UInt8])] = []
        for document in snapshot.memory {
            items.append((relative(files.memory(document.id)), try MemoryFile.encode(document)))
        }
        for transcript in snapshot.sessions {
            let session = transcript.session
            let header = SessionFile.Header(title: session.title, createdAt: session.createdAt.millisecondsSince1970,
                                            updatedAt: session.updatedAt.millisecondsSince1970)
            items.append((relative(files.session(session.key.session)), try SessionFile(header: header, messages: transcript.messages).encoded()))
        }
        let time = updatedAt.millisecondsSince1970
        for integration in snapshot.integrations {
            let credentials = snapshot.credentials.filter { $0.integration == integration.id }.map { credential in
                IntegrationFile.Credential(credential, at: snapshot.updateTimes.credential(credential)?.millisecondsSince1970 ?? time)
            }
            let file = IntegrationFile(id: integration.id, kind: integration.kind, name: integration.name, settings: integration.settings,
                                       createdAt: integration.createdAt.millisecondsSince1970,
                                       updatedAt: snapshot.updateTimes.integration(integration.id)?.millisecondsSince1970 ?? time,
                                       lastUsedAt: integration.lastUsedAt?.millisecondsSince1970, credentials: credentials)
            items.append((relative(files.integration(integration.id)), try FileJSON.encode(file)))
        }
        items.append((alerts, try snapshot.alerts.reversed().flatMap { try FileJSON.line(AlertFile.Line($0)) }))
        return items
    }

    /// `audit.jsonl` holding `events`, one line each.
    static func auditLog(_ events: [AuditEvent]) throws -> [UInt8] {
        try events.flatMap { try FileJSON.line(FileAuditLog.Line($0)) }
    }

    /// `path` of a directory-less ``WorkspaceFiles`` without its leading `/`.
    private static func relative(_ path: String) -> String {
        String(path.dropFirst())
    }
}
