import AirlockCore
import Foundation

/// A memory draft, without the `throws(InputError)` noise at every call site.
func draft(_ title: String, body: String = "body", kind: MemoryKind = .note, tags: [String] = [], pinned: Bool = false) throws -> MemoryDraft {
    try MemoryDraft(kind: kind, title: title, body: body, tags: tags, pinned: pinned)
}

/// A user message draft.
func message(_ content: String, role: MessageRole = .user) throws -> MessageDraft {
    try MessageDraft(role: role, content: content)
}

/// The ids of `store`'s memory search hits for `text`.
func search(_ store: any WorkspaceStore, _ text: String, limit: Int = 20, kind: MemoryKind? = nil) async throws -> [MemoryID] {
    try await store.searchMemory(try MemorySearchQuery(text, limit: limit, kind: kind)).map(\.memory.id)
}

/// Bearer-token settings for an HTTP integration at `baseURL`.
func bearer(_ baseURL: String = "https://api.example.com", parameters: [String: String] = [:]) -> IntegrationSettings {
    IntegrationSettings(baseURL: baseURL, auth: .bearer, parameters: parameters)
}

/// A sealed credential of plausible size (stores never open it).
func fakeSealed(_ integration: IntegrationID, name: CredentialName = .apiKey, byte: UInt8 = 0xA5, label: String = "API key") -> SealedCredential {
    SealedCredential(integration: integration, name: name, sealed: Array(repeating: byte, count: 60), label: label, expiresAt: nil)
}

/// The audit events that `operation` appended to `store`'s log.
///
/// The log is read before and after; the second read appends its own `audit.read` event
/// before reading, which is skipped.
func auditEvents(appendedBy operation: () async throws -> Void, in store: any WorkspaceStore) async throws -> [AuditEvent] {
    let before = try await store.auditEvents(last: nil)
    try await operation()
    let after = try await store.auditEvents(last: nil)
    return Array(after.dropFirst(before.count + 1))
}
