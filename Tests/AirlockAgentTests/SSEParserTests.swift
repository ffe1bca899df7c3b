import AirlockAgent
import AirlockTestSupport
import Testing

@Suite("SSE parser")
struct SSEParserTests {
    private func parse(_ text: String, maxLineBytes: Int = SSEParser.defaultMaxLineBytes) -> [SSEEvent] {
        var parser = SSEParser(maxLineBytes: maxLineBytes)
        return parser.feed(Array(text.utf8)) + parser.finish()
    }

    private func parseByteByByte(_ bytes: [UInt8]) -> [SSEEvent] {
        var parser = SSEParser()
        return bytes.flatMap { parser.feed([$0]) } + parser.finish()
    }

    @Test func dispatchesAnEventAtABlankLine() {
        var parser = SSEParser()
        #expect(parser.feed(Array("data: hello\n".utf8)).isEmpty)
        #expect(parser.feed(Array("\n".utf8)) == [SSEEvent(data: "hello")])
    }

    @Test func readsEventTypeAndKeepsTheLastIDForLaterEvents() {
        let events = parse("event: delta\nid: 7\ndata: a\n\ndata: b\n\n")
        #expect(events == [SSEEvent(event: "delta", data: "a", id: "7"), SSEEvent(data: "b", id: "7")])
    }

    @Test func joinsMultipleDataLinesWithNewlines() {
        #expect(parse("data: first\ndata: second\ndata:\n\n") == [SSEEvent(data: "first\nsecond\n")])
    }

    @Test func stripsOnlyOneLeadingSpaceFromValues() {
        #expect(parse("data:tight\n\ndata:  two\n\ndata\n\n") == [
            SSEEvent(data: "tight"), SSEEvent(data: " two"), SSEEvent(data: ""),
        ])
    }

    @Test func ignoresCommentsRetryAndUnknownFields() {
        #expect(parse(": ping\n\n:\nretry: 100\nfoo: bar\ndata: x\nfoo\n\n") == [SSEEvent(data: "x")])
    }

    @Test func blankLinesWithoutDataDispatchNothingAndResetTheType() {
        #expect(parse("event: stale\n\n\n\ndata: y\n\n") == [SSEEvent(data: "y")])
    }

    @Test func acceptsLFAndCRLFAndCRLineEnds() {
        #expect(parse("data: a\r\n\r\ndata: b\r\rdata: c\n\ndata: d\r\n\n") == [
            SSEEvent(data: "a"), SSEEvent(data: "b"), SSEEvent(data: "c"), SSEEvent(data: "d"),
        ])
    }

    @Test func treatsCRAtAChunkEndAndLFInTheNextAsOneLineEnd() {
        var parser = SSEParser()
        #expect(parser.feed(Array("data: a\r".utf8)).isEmpty)
        #expect(parser.feed(Array("\ndata: b\r".utf8)).isEmpty)
        #expect(parser.feed(Array("\n".utf8)).isEmpty)
        #expect(parser.feed(Array("\r".utf8)) == [SSEEvent(data: "a\nb")])
        #expect(parser.feed(Array("\ndata: c\n\n".utf8)) == [SSEEvent(data: "c")])
    }

    @Test func givesTheSameEventsWhateverTheChunkBoundaries() {
        let stream = ": ping\r\n" + FakeSSE.openAIText(["Hé", "llo ☕", " 東京 🎉"]).joined()
            + "event: x\rdata: one\rdata: two\r\r" + "id: 9\r\ndata: last\r\n\r\n"
        let bytes = Array(stream.utf8)
        let whole = parse(stream)
        #expect(whole.count == 8)
        #expect(parseByteByByte(bytes) == whole)
        for cut in 1..<bytes.count {
            var parser = SSEParser()
            let events = parser.feed(bytes[..<cut]) + parser.feed(bytes[cut...]) + parser.finish()
            #expect(events == whole, "split at byte \(cut)")
        }
    }

    @Test func decodesMultiByteCharactersSplitAcrossChunks() {
        let text = "café ☕ 東京 🎉 👩‍💻"
        #expect(parseByteByByte(Array("data: \(text)\n\n".utf8)) == [SSEEvent(data: text)])
    }

    @Test func replacesInvalidUTF8InsteadOfFailing() {
        var parser = SSEParser()
        let bytes: [UInt8] = Array("data: ".utf8) + [0xFF, 0xC3] + Array("x\n\n".utf8)
        #expect(parser.feed(bytes) == [SSEEvent(data: "\u{FFFD}\u{FFFD}x")])
    }

    @Test func dropsAnOverlongLineWithItsEventAndCountsIt() {
        var parser = SSEParser(maxLineBytes: 16)
        let exact = "data: 0123456789"  // 16 bytes: accepted
        let events = parser.feed(Array("data: 0123456789abcdef\ndata: rest\n\n\(exact)\n\n".utf8))
        #expect(events == [SSEEvent(data: "0123456789")])
        #expect(parser.droppedLineCount == 1)
    }

    @Test func finishDispatchesACompleteLastEventButNotATruncatedLine() {
        #expect(parse("data: last\n") == [SSEEvent(data: "last")])
        #expect(parse("data: one\n\ndata: trunc").map(\.data) == ["one"])
        #expect(parse("data: a\ndata: trunc") == [SSEEvent(data: "a")])
    }

    @Test func skipsALeadingByteOrderMark() {
        #expect(parse("\u{FEFF}data: x\n\n") == [SSEEvent(data: "x")])
    }
}
