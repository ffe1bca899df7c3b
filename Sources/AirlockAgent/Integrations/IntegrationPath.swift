/// A path below an integration's base URL, percent-encoded and checked so that joining it
/// to the base can never reach another host or leave the base path.
public struct IntegrationPath: Sendable, Equatable, CustomStringConvertible {
    /// The encoded path, without a leading slash (empty: the base URL itself).
    public let encoded: String

    /// The longest path accepted.
    static let maxLength = 2048

    /// Checks a path written by the model or the analyst, such as `reports/daily` or
    /// `/v1/items:batchGet` (a leading slash is optional).
    ///
    /// Only URL path characters are accepted, and no scheme, `//`, `..`, `@`, backslash,
    /// control character, `?` or `#` — neither as written nor hidden behind
    /// percent-encoding (which also may not be applied twice).
    ///
    /// - Throws: ``IntegrationHTTPError/pathRefused(path:reason:)`` naming the problem.
    public init(validating path: String) throws(IntegrationHTTPError) {
        if let reason = Self.problem(with: path) { throw .pathRefused(path: path, reason: reason) }
        encoded = path.hasPrefix("/") ? String(path.dropFirst()) : path
    }

    /// Joins `segments`, each percent-encoded whole (a `/` or `@` inside becomes `%2F`,
    /// `%40`; letters, digits, `-._~` and `:` stay as they are).
    ///
    /// - Throws: ``IntegrationHTTPError/pathRefused(path:reason:)`` for an empty, `.` or
    ///   `..` segment.
    init(segments: [String]) throws(IntegrationHTTPError) {
        for segment in segments where segment.isEmpty || segment == "." || segment == ".." {
            throw .pathRefused(path: segment, reason: "a path segment may not be empty, . or ..")
        }
        encoded = segments.map { PercentEncoding.encode($0, keeping: [UInt8(ascii: ":")]) }.joined(separator: "/")
    }

    public var description: String { encoded }

    /// Why `path` is refused, or `nil` if it is acceptable.
    private static func problem(with path: String) -> String? {
        guard path.count <= maxLength else { return "it is longer than \(maxLength) characters" }
        if path.range(of: "^[A-Za-z][A-Za-z0-9+.-]*:", options: .regularExpression) != nil {
            return "it must be a path below the integration's base URL, not a URL"
        }
        if let reason = forbiddenContent(Array(path.utf8), encoded: false) { return reason }
        if let byte = path.utf8.first(where: { !isPathByte($0) }) {
            return byte == UInt8(ascii: "?") || byte == UInt8(ascii: "#")
                ? "it may not contain ? or # (pass query parameters separately)"
                : "it may only contain letters, digits and -._~!$&'()*+,;=:%/ (percent-encode the rest)"
        }
        guard let decoded = PercentEncoding.decode(path) else { return "it has a % not followed by two hex digits" }
        if decoded.contains(UInt8(ascii: "%")) { return "it is percent-encoded twice" }
        return forbiddenContent(decoded, encoded: true)
    }

    /// Why `bytes` (the path as written, or percent-decoded) are refused, if they are.
    private static func forbiddenContent(_ bytes: [UInt8], encoded: Bool) -> String? {
        let hidden = encoded ? " (percent-encoded)" : ""
        if bytes.contains(where: { $0 < 0x20 || $0 == 0x7F }) { return "it may not contain control characters" + hidden }
        let text = String(decoding: bytes, as: UTF8.self)
        if text.unicodeScalars.contains(where: { (0x80...0x9F).contains($0.value) }) { return "it may not contain control characters" + hidden }
        if text.contains("//") { return "it may not contain //" + hidden }
        if text.contains("..") { return "it may not contain .." + hidden }
        if text.contains("@") { return "it may not contain @" + hidden }
        if text.contains("\\") { return "it may not contain backslashes" + hidden }
        return nil
    }

    /// Whether `byte` may appear in a path as written: unreserved, sub-delimiters, `:`,
    /// `%` and `/`.
    private static func isPathByte(_ byte: UInt8) -> Bool {
        PercentEncoding.isUnreserved(byte) || "!$&'()*+,;=:%/".utf8.contains(byte)
    }
}
