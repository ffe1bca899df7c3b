/// What `FakeModelServer` answers to one request: a status, headers, and a body sent in
/// chunks, ending normally, stalling, or dropping the connection.
public struct FakeResponse: Sendable {
    /// How the response ends after its chunks.
    public enum Ending: Sendable {
        /// The body ends normally; the connection stays open for the next request.
        case complete
        /// Nothing more is sent and the connection stays open until the client closes it.
        case stall
        /// The server closes the connection without ending the body.
        case drop
        /// The server closes the connection without answering at all (nothing is sent).
        case hangUp
    }

    /// The HTTP status.
    public var status: Int
    /// Response headers.
    public var headers: [(name: String, value: String)]
    /// Body chunks, each written and flushed on its own (raw bytes, so a test can split
    /// events and UTF-8 characters anywhere).
    public var chunks: [[UInt8]]
    /// The pause before each chunk after the first.
    public var delay: Duration
    /// How the response ends.
    public var ending: Ending

    /// Creates a response.
    public init(status: Int, headers: [(name: String, value: String)], chunks: [[UInt8]], delay: Duration = .zero, ending: Ending = .complete) {
        self.status = status
        self.headers = headers
        self.chunks = chunks
        self.delay = delay
        self.ending = ending
    }

    /// A complete answer with `status`, `body` (sent with a content length) and `headers`,
    /// e.g. `.status(429, headers: [("retry-after", "1")])`.
    public static func status(_ status: Int, body: String = "", headers: [(String, String)] = []) -> FakeResponse {
        let all = headers.map { (name: $0.0, value: $0.1) } + [(name: "content-length", value: "\(body.utf8.count)")]
        return FakeResponse(status: status, headers: all, chunks: [Array(body.utf8)])
    }

    /// A 200 event stream whose chunks are `chunks`, one write each, `delay` apart.
    public static func sse(_ chunks: [String], delay: Duration = .zero) -> FakeResponse {
        sse(bytes: chunks.map { Array($0.utf8) }, delay: delay)
    }

    /// A 200 event stream of raw byte chunks, `delay` apart.
    public static func sse(bytes chunks: [[UInt8]], delay: Duration = .zero) -> FakeResponse {
        FakeResponse(status: 200, headers: [(name: "content-type", value: "text/event-stream")], chunks: chunks, delay: delay)
    }

    /// A 200 event stream that sends `chunks`, then nothing, keeping the connection open.
    public static func stall(after chunks: [String]) -> FakeResponse {
        var response = sse(chunks)
        response.ending = .stall
        return response
    }

    /// No answer: the server closes the connection as soon as the request arrived.
    public static let hangUp = FakeResponse(status: 0, headers: [], chunks: [], ending: .hangUp)

    /// A 200 event stream that sends `chunks`, then closes the connection mid-body.
    public static func drop(after chunks: [String]) -> FakeResponse {
        var response = sse(chunks)
        response.ending = .drop
        return response
    }
}

/// A request `FakeModelServer` received.
public struct RecordedRequest: Sendable {
    /// The HTTP method, e.g. `POST`.
    public let method: String
    /// The request target, e.g. `/v1/chat/completions`.
    public let path: String
    /// The headers in the order received.
    public let headers: [(name: String, value: String)]
    /// The body bytes.
    public let body: [UInt8]

    /// Creates a recorded request.
    public init(method: String, path: String, headers: [(name: String, value: String)], body: [UInt8]) {
        self.method = method
        self.path = path
        self.headers = headers
        self.body = body
    }

    /// The first value of the header `name` (case-insensitive), if present.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// The body decoded as UTF-8.
    public var bodyText: String {
        String(decoding: body, as: UTF8.self)
    }
}
