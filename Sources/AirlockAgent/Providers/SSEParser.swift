/// One Server-Sent Event: its type, its data lines joined with "\n", and the last event id.
public struct SSEEvent: Equatable, Sendable {
    /// The `event:` field, or `nil` for the default `message` type.
    public var event: String?
    /// The `data:` lines joined with "\n".
    public var data: String
    /// The last `id:` seen in the stream so far (ids persist across events, as in the spec).
    public var id: String?

    /// Creates an event.
    public init(event: String? = nil, data: String, id: String? = nil) {
        self.event = event
        self.data = data
        self.id = id
    }
}

/// A byte-level Server-Sent Events parser that accepts a stream split into chunks anywhere.
///
/// Lines end with LF, CRLF or CR (a CR at the end of one chunk followed by LF at the start
/// of the next counts as one line end). Only complete lines are decoded, so multi-byte UTF-8
/// characters may be split across chunks; invalid UTF-8 becomes U+FFFD. Comment lines
/// (`: ping`), `retry:` and unknown fields are ignored; a leading byte-order mark is skipped.
///
/// A line longer than `maxLineBytes` is **dropped**, together with the event it belongs to
/// (a truncated `data:` line would be corrupt JSON); `droppedLineCount` counts such lines so a
/// caller can fail the stream.
public struct SSEParser {
    /// The default longest line accepted: 4 MiB.
    public static let defaultMaxLineBytes = 4 * 1024 * 1024

    /// Lines longer than this many bytes are dropped.
    public let maxLineBytes: Int
    /// How many over-long lines were dropped so far.
    public private(set) var droppedLineCount = 0

    private var line: [UInt8] = []
    private var lineTooLong = false
    private var afterCR = false
    private var atStreamStart = true
    private var data = ""
    private var hasData = false
    private var eventType: String?
    private var lastEventID: String?
    private var eventCorrupt = false

    /// Creates a parser that drops lines longer than `maxLineBytes`.
    public init(maxLineBytes: Int = SSEParser.defaultMaxLineBytes) {
        self.maxLineBytes = maxLineBytes
    }

    /// Parses more bytes and returns the events they completed.
    public mutating func feed(_ bytes: some Sequence<UInt8>) -> [SSEEvent] {
        var events: [SSEEvent] = []
        let bytes = Array(bytes)
        var rest = bytes[...]
        while !rest.isEmpty {
            if afterCR, rest.first == UInt8(ascii: "\n") { rest = rest.dropFirst() }
            afterCR = false
            guard let end = rest.firstIndex(where: { $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }) else {
                appendToLine(rest)
                break
            }
            appendToLine(rest[..<end])
            afterCR = rest[end] == UInt8(ascii: "\r")
            if let event = endLine() { events.append(event) }
            rest = rest[(end + 1)...]
        }
        return events
    }

    /// Ends the stream: a final event whose lines were all complete is dispatched even without
    /// the closing blank line; an unterminated last line is discarded as possibly truncated.
    public mutating func finish() -> [SSEEvent] {
        line.removeAll()
        lineTooLong = false
        afterCR = false
        return dispatch().map { [$0] } ?? []
    }

    private mutating func appendToLine(_ bytes: ArraySlice<UInt8>) {
        guard !lineTooLong else { return }
        if line.count + bytes.count > maxLineBytes {
            lineTooLong = true
            line = []
        } else {
            line += bytes
        }
    }

    private mutating func endLine() -> SSEEvent? {
        defer {
            line.removeAll(keepingCapacity: line.count <= 4096)
            lineTooLong = false
            atStreamStart = false
        }
        if lineTooLong {
            droppedLineCount += 1
            eventCorrupt = true
            return nil
        }
        if atStreamStart, line.starts(with: [0xEF, 0xBB, 0xBF]) {
            line.removeFirst(3)
        }
        if line.isEmpty { return dispatch() }
        process(line[...])
        return nil
    }

    private mutating func process(_ bytes: ArraySlice<UInt8>) {
        let colon = bytes.firstIndex(of: UInt8(ascii: ":"))
        if colon == bytes.startIndex { return }
        let field = String(decoding: bytes[..<(colon ?? bytes.endIndex)], as: UTF8.self)
        var valueStart = colon.map { bytes.index(after: $0) } ?? bytes.endIndex
        if valueStart < bytes.endIndex, bytes[valueStart] == UInt8(ascii: " ") {
            valueStart = bytes.index(after: valueStart)
        }
        let value = String(decoding: bytes[valueStart...], as: UTF8.self)
        switch field {
        case "event":
            eventType = value
        case "data":
            if hasData { data += "\n" }
            data += value
            hasData = true
        case "id" where !value.contains("\0"):
            lastEventID = value
        default:
            break
        }
    }

    private mutating func dispatch() -> SSEEvent? {
        defer {
            data = ""
            hasData = false
            eventType = nil
            eventCorrupt = false
        }
        guard hasData, !eventCorrupt else { return nil }
        return SSEEvent(event: eventType.flatMap { $0.isEmpty ? nil : $0 }, data: data, id: lastEventID)
    }
}
