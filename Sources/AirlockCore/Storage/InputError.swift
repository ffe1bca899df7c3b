/// A field of user input that was refused, with the reason.
public struct InputError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The field, as the user knows it (`title`, `tag`, `search query`).
    public let field: String
    /// What was wrong with it.
    public let reason: String

    /// Creates an input error.
    public init(field: String, reason: String) {
        self.field = field
        self.reason = reason
    }

    public var description: String { "invalid \(field): \(reason)" }
}

/// Validation helpers for free-text fields.
enum TextField {
    /// A one-line label: trimmed, non-empty, at most `limit` characters, no control characters.
    static func label(_ text: String, field: String, limit: Int) throws(InputError) -> String {
        let trimmed = text.trimmingWhitespace()
        guard !trimmed.isEmpty else { throw InputError(field: field, reason: "it is empty") }
        guard trimmed.count <= limit else { throw InputError(field: field, reason: "it is \(trimmed.count) characters long; the limit is \(limit)") }
        guard !trimmed.unicodeScalars.contains(where: TerminalText.needsReplacement) else {
            throw InputError(field: field, reason: "it contains control characters or line breaks")
        }
        return trimmed
    }

    /// Free text of at most `byteLimit` UTF-8 bytes without NUL characters.
    static func body(_ text: String, field: String, byteLimit: Int) throws(InputError) -> String {
        guard text.utf8.count <= byteLimit else {
            throw InputError(field: field, reason: "it is \(text.utf8.count) bytes; the limit is \(byteLimit)")
        }
        guard !text.utf8.contains(0) else { throw InputError(field: field, reason: "it contains a NUL character") }
        return text
    }
}

extension String {
    /// The string without leading and trailing whitespace or newlines.
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let end = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[start...end])
    }
}
