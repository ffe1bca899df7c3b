/// The email address that names a user account: trimmed, lowercased ASCII, one `@`.
///
/// Validated at construction so that an account, its memberships and its sign-in attempts
/// are always keyed by the same spelling. Lowercasing the local part is a simplification
/// (RFC 5321 allows case-sensitive local parts); identity providers compare emails the
/// same way.
public struct AccountEmail: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The normalized address.
    public let rawValue: String

    /// The longest accepted address, in characters (RFC 5321's path limit).
    public static let maxLength = 254

    /// Validates and normalizes `text`.
    ///
    /// - Throws: ``InputError`` naming what is wrong.
    public init(_ text: String) throws(InputError) {
        let trimmed = text.trimmingWhitespace()
        func refuse(_ reason: String) -> InputError { InputError(field: "email address \(TerminalText.quoted(text, limit: 60))", reason: reason) }
        guard !trimmed.isEmpty else { throw refuse("it is empty") }
        guard trimmed.count <= Self.maxLength else { throw refuse("it is longer than \(Self.maxLength) characters") }
        // Checked before lowercasing: Unicode lowercasing maps some non-ASCII look-alikes
        // (the Kelvin sign U+212A) onto ASCII letters, which would fold them onto another
        // account's address.
        guard trimmed.unicodeScalars.allSatisfy({ $0.isASCII && $0.value > 0x20 && $0.value < 0x7F }) else {
            throw refuse("it may hold only printable ASCII characters without spaces")
        }
        let address = trimmed.lowercased()
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty, !parts[1].hasPrefix("."), !parts[1].hasSuffix(".") else {
            throw refuse("it is not of the form name@domain")
        }
        rawValue = address
    }

    /// The actor that sign-in grants of this account are recorded as: `user:<email>`.
    public var actor: AuditActor { AuditActor("user:" + rawValue) }

    public var description: String { rawValue }

    public static func < (lhs: AccountEmail, rhs: AccountEmail) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        try self.init(try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
