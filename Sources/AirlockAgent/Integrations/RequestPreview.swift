import Foundation

/// A request as the analyst approves it: method, full URL, body and the credentials used —
/// never a secret.
public struct RequestPreview: Sendable, Equatable, CustomStringConvertible {
    /// The HTTP method, e.g. `POST`.
    public let method: String
    /// The full URL.
    public let url: String
    /// The JSON body, pretty-printed with sorted keys and secret fields shown as
    /// `[redacted]`, cut after ``bodyLimit`` characters (`nil`: no body).
    public let body: String?
    /// The labels of the credentials the request uses.
    public let credentials: [String]

    /// How many characters of the body are shown.
    public static let bodyLimit = 4000

    /// The preview as lines: `METHOD URL`, the credentials, then the body.
    public var description: String {
        var lines = ["\(method) \(url)"]
        lines.append("credentials: " + (credentials.isEmpty ? "none" : credentials.joined(separator: ", ")))
        if let body { lines.append(body) }
        return lines.joined(separator: "\n")
    }

    /// `value` as pretty JSON with sorted keys, cut after ``bodyLimit`` characters.
    static func prettyJSON(_ value: JSONValue) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let text = (try? String(decoding: encoder.encode(value), as: UTF8.self)) ?? value.text
        guard text.count > bodyLimit else { return text }
        return String(text.prefix(bodyLimit)) + "\n… (\(text.count - bodyLimit) more characters)"
    }
}
