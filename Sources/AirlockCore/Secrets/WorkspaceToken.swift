import Foundation

/// The secret that unlocks one workspace: 32 bytes from the system CSPRNG, written as 64
/// lowercase hexadecimal characters.
///
/// The token is shown once, when it is made; the registry keeps only its ``TokenDigest``.
/// `description` is redacted so a token cannot be printed or logged by accident; use
/// ``revealed`` where showing it is the point.
public struct WorkspaceToken: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    let bytes: [UInt8]

    /// Parses a token, ignoring surrounding whitespace (as pasted or piped).
    ///
    /// - Throws: ``SecretError/malformedToken`` unless the text is 64 lowercase hex digits.
    public init(parsing text: String) throws(SecretError) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let bytes = Hex.decode(trimmed, byteCount: 32) else { throw .malformedToken }
        self.bytes = bytes
    }

    private init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// A fresh token from the system CSPRNG.
    public static func generate() -> WorkspaceToken {
        var generator = SystemRandomNumberGenerator()
        return WorkspaceToken(bytes: (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }

    /// The token as 64 lowercase hex characters — only for showing it to its owner once.
    public var revealed: String { Hex.encode(bytes) }

    public var description: String { "WorkspaceToken(redacted)" }
    public var debugDescription: String { description }
}
