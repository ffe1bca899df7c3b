import AirlockAgent

/// Fuzzes `SSEParser`.
///
/// The first input byte picks a chunk size (1…64) and the second a line limit (16…4111
/// bytes, so over-long lines are exercised); the rest is the stream. Invariants: no crash;
/// feeding the stream in chunks yields exactly the events (and dropped-line count) of
/// feeding it whole; no event's data, type or id holds a CR, and only data holds LF (its
/// line joins); no id holds NUL.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzSSEParser(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard bytes.count >= 2 else { return 0 }
    let chunk = Int(bytes[0] % 64) + 1
    let limit = 16 + Int(bytes[1]) * 16
    let stream = Array(bytes.dropFirst(2))

    var whole = SSEParser(maxLineBytes: limit)
    let wholeEvents = whole.feed(stream) + whole.finish()

    var pieces = SSEParser(maxLineBytes: limit)
    var pieceEvents: [SSEEvent] = []
    var start = 0
    while start < stream.count {
        let end = min(stream.count, start + chunk)
        pieceEvents += pieces.feed(stream[start..<end])
        start = end
    }
    pieceEvents += pieces.finish()

    check(wholeEvents == pieceEvents, "chunking changed the events (chunk \(chunk))", stream)
    check(whole.droppedLineCount == pieces.droppedLineCount, "chunking changed the dropped-line count", stream)
    for event in wholeEvents {
        check(!event.data.contains("\r"), "data holds CR", stream)
        check(!(event.event ?? "").contains("\r") && !(event.event ?? "").contains("\n"), "event type holds a line end", stream)
        check(!(event.id ?? "").contains("\r") && !(event.id ?? "").contains("\n") && !(event.id ?? "").contains("\0"), "id holds CR, LF or NUL", stream)
        check(event.data.unicodeScalars.count <= stream.count, "more data characters than stream bytes", stream) // invalid UTF-8 becomes U+FFFD, one per byte at most
    }
    return 0
}

func check(_ condition: Bool, _ message: String, _ input: [UInt8]) {
    if !condition { fatalError("\(message): \(String(decoding: input, as: UTF8.self).debugDescription)") }
}
