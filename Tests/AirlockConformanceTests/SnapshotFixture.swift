import AirlockCore
import AirlockTestSupport
import Foundation
import Testing

/// A workspace filled with everything a snapshot must carry, and small helpers of the
/// snapshot tests.
enum SnapshotFixture {
    /// What ``populate(_:)`` made.
    struct Populated {
        let memory: [MemoryDocument]
        let messages: [ChatMessage]
        let integration: IntegrationID
        /// The one document with the word `zephyrine`.
        let searchable: MemoryID
        /// The one document with `東京`.
        let cjk: MemoryID
    }

    /// Fills `acme` with awkward memory (pinned too), a session with tool calls, results
    /// and token counts, an integration with two sealed credentials that was used, and an
    /// acknowledged read-burst alert.
    static func populate(_ bench: StoreBench) async throws -> Populated {
        let store = bench.acme
        var memory: [MemoryDocument] = []
        for (index, body) in RoundTripConformanceTests.awkward.enumerated() {
            bench.clock.advance(by: 1)
            memory.append(try await store.addMemory(try draft("Note \(index): \"quoted\" ---", body: body, tags: ["c-d", "x\(index)"], pinned: index % 3 == 0)))
        }
        let searchable = try await store.addMemory(try draft("Brand voice", body: "Launch plan for zephyrine", kind: .brandVoice, tags: ["tone"], pinned: true))
        let cjk = try await store.addMemory(try draft("東京オフィス", body: "会議室", kind: .campaign))
        bench.clock.advance(by: 1)
        let updated = try await store.updateMemory(searchable.id, with: try MemoryPatch(body: "Launch plan for zephyrine, revised"))
        memory += [updated, cjk]

        let session = try await store.createSession(title: "title: \"quoted\" --- ")
        let call = ToolCallRecord(id: "call-1", name: "ads.report", arguments: "{\"range\": \"7d\", \"note\": \"---\\n\"}")
        let drafts = [
            try MessageDraft(role: .user, content: RoundTripConformanceTests.awkward[0], tokenCount: 12),
            try MessageDraft(role: .assistant, content: "Looking up the quasar report", toolCalls: [call], tokenCount: 30),
            try MessageDraft(role: .tool, content: "", toolResult: ToolResultRecord(callID: "call-1", content: "{\"rows\": []}\n", isError: false)),
            try MessageDraft(role: .assistant, content: RoundTripConformanceTests.awkward[3]),
        ]
        var messages: [ChatMessage] = []
        for draft in drafts {
            bench.clock.advance(by: 1)
            messages.append(try await store.appendMessage(draft, to: session.key))
        }

        let integration = try IntegrationID("ads")
        _ = try await store.addIntegration(id: integration, kind: .http, name: "Ads: \"quoted\"", settings: bearer(parameters: ["note": "東京\n"]))
        try await store.putCredential(fakeSealed(integration, name: .apiKey, byte: 0x5A))
        try await store.putCredential(fakeSealed(integration, name: .accessToken, byte: 0x11, label: "token …a91f"))
        bench.clock.advance(by: 1)
        try await store.recordCredentialUse(integration: integration, tool: "ads.report", endpoint: "https://api.example.com/v1/report?x=1", status: 200)

        for _ in 0..<60 {
            bench.clock.advance(by: 1)
            _ = try await store.memory(cjk.id)
        }
        let alert = try #require(try await store.alerts(limit: nil).first)
        _ = try await store.acknowledgeAlert(alert.id)
        return Populated(memory: memory, messages: messages, integration: integration,
                         searchable: searchable.id, cjk: cjk.id)
    }

    /// `snapshot` with other audit events.
    static func replacing(_ snapshot: WorkspaceSnapshot, events: [AuditEvent]) -> WorkspaceSnapshot {
        WorkspaceSnapshot(workspaceID: snapshot.workspaceID, createdAt: snapshot.createdAt, memory: snapshot.memory, sessions: snapshot.sessions,
                          integrations: snapshot.integrations, credentials: snapshot.credentials, auditEvents: events, alerts: snapshot.alerts)
    }

    /// The permission bits of `path`.
    static func mode(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) ?? -1
    }
}
