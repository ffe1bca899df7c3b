/// Who is acting, as recorded in audit events: `cli:alice`, later `user:alice@example.com`.
///
/// Sanitized to one printable line of at most 128 characters at construction.
public struct AuditActor: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The recorded name.
    public let name: String

    /// Creates an actor name, replacing control characters and cutting it to 128 characters.
    public init(_ name: String) {
        let clean = TerminalText.sanitized(name, singleLine: true)
        self.name = clean.isEmpty ? "unknown" : String(clean.prefix(128))
    }

    public var description: String { name }
}
