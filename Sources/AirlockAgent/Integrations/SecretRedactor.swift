/// Replaces every occurrence of a set of secrets in response bytes or text with
/// `[redacted]` — also their percent-encoded and JSON-escaped spellings, which a server
/// echoing a request back may use.
struct SecretRedactor: Sendable {
    /// What stands in for a secret.
    static let placeholder = "[redacted]"

    /// The byte patterns to replace, longest first (so the longest match wins).
    private let patterns: [[UInt8]]

    /// A redactor for `secrets`; empty strings are ignored.
    init(_ secrets: [String]) {
        var spellings = Set<String>()
        for secret in secrets where !secret.isEmpty {
            spellings.insert(secret)
            spellings.insert(PercentEncoding.encode(secret))
            spellings.insert(Self.jsonEscaped(secret))
        }
        patterns = spellings.map { Array($0.utf8) }.sorted { $0.count > $1.count }
    }

    /// The length in bytes of the longest spelling of a secret (0 without secrets).
    var longestPattern: Int { patterns.first?.count ?? 0 }

    /// `text` with every secret replaced.
    func redact(_ text: String) -> String {
        patterns.isEmpty ? text : String(decoding: redact(Array(text.utf8), keeping: .max).bytes, as: UTF8.self)
    }

    /// The first `limit` bytes of `bytes` with every secret replaced, and whether bytes
    /// were left out. A secret that starts before the limit is replaced whole, so a cut
    /// never leaves the beginning of a secret behind.
    func redact(_ bytes: [UInt8], keeping limit: Int) -> (bytes: [UInt8], cut: Bool) {
        var result: [UInt8] = []
        result.reserveCapacity(min(bytes.count, limit))
        var index = 0
        while index < bytes.count, index < limit {
            if let pattern = patterns.first(where: { matches($0, in: bytes, at: index) }) {
                result += Self.placeholder.utf8
                index += pattern.count
            } else {
                result.append(bytes[index])
                index += 1
            }
        }
        return (result, index < bytes.count)
    }

    private func matches(_ pattern: [UInt8], in bytes: [UInt8], at index: Int) -> Bool {
        guard bytes[index] == pattern[0], bytes.count - index >= pattern.count else { return false }
        return bytes[index..<index + pattern.count].elementsEqual(pattern)
    }

    /// `secret` as it appears inside a JSON string that escapes `"`, `\` and `/`.
    private static func jsonEscaped(_ secret: String) -> String {
        secret.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "/", with: "\\/")
    }
}
