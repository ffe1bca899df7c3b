/// What an integration answered, safe to hand to the model: status, a few headers and the
/// body text, every secret of the request replaced by `[redacted]`.
public struct IntegrationResponse: Sendable, Equatable {
    /// The response headers that are returned (lowercase names); all others, such as
    /// `set-cookie`, are dropped.
    public static let returnedHeaders = ["content-type", "location", "retry-after", "request-id", "x-request-id"]

    /// The HTTP status; a redirect (3xx) is returned as it is, never followed.
    public let status: Int
    /// The values of ``returnedHeaders`` the server sent, by lowercase name, redacted.
    public let headers: [String: String]
    /// The body as text, redacted; when cut, it ends with a line saying so.
    public let body: String
    /// Whether the body was longer than the limit and was cut.
    public let isTruncated: Bool

    /// Creates a response value.
    public init(status: Int, headers: [String: String], body: String, isTruncated: Bool) {
        self.status = status
        self.headers = headers
        self.body = body
        self.isTruncated = isTruncated
    }

    /// The note ending a body cut at `limit` bytes.
    static func cutNote(limit: Int) -> String {
        "\n[response cut: longer than \(limit) bytes]"
    }

    /// `bytes` without an incomplete UTF-8 character at the end (where a cut fell).
    static func trimmingIncompleteCharacter(_ bytes: [UInt8]) -> [UInt8] {
        guard let lead = bytes.indices.reversed().prefix(4).first(where: { bytes[$0] & 0xC0 != 0x80 }) else { return bytes }
        let expected = switch bytes[lead] {
        case 0xF0...: 4
        case 0xE0...: 3
        case 0xC0...: 2
        default: 1
        }
        return bytes.count - lead < expected ? Array(bytes[..<lead]) : bytes
    }
}
