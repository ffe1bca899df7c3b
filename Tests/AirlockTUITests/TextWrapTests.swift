import AirlockTUI
import Testing

/// Wrapping styled text to a width: words, wide characters, clusters, breaks, indents.
@Suite struct TextWrapTests {
    private let bold = CellStyle(attributes: .bold)

    private func texts(_ text: String, width: Int, indent: Int = 0) -> [String] {
        TextWrap.lines(text, style: .plain, width: width, continuationIndent: indent).map(\.text)
    }

    @Test func asciiBreaksAtSpacesAndDropsTheSpaceAtTheBreak() {
        #expect(texts("the quick brown fox jumps over the lazy dog", width: 10) == ["the quick", "brown fox", "jumps over", "the lazy", "dog"])
    }

    @Test func textThatFitsStaysOnOneLine() {
        #expect(texts("short line", width: 40) == ["short line"])
        #expect(texts("exactly ten", width: 11) == ["exactly ten"])
    }

    @Test func aWordLongerThanTheLineIsBrokenAnywhere() {
        #expect(texts("abcdefghijklmnopqrstuvwxyz", width: 10) == ["abcdefghij", "klmnopqrst", "uvwxyz"])
        #expect(texts("see https://example.com/a/long/path", width: 12) == ["see https://", "example.com/", "a/long/path"])
    }

    @Test func cjkNeverOverflowsAtAnyWidthAndKeepsEveryCharacter() {
        let text = "東京の天気は晴れです"
        for width in 2...25 {
            let lines = TextWrap.lines(text, style: .plain, width: width)
            #expect(lines.allSatisfy { $0.width <= width }, "width \(width)")
            #expect(lines.map(\.text).joined() == text, "width \(width)")
            #expect(lines.dropLast().allSatisfy { $0.width >= width - 1 }, "lines are filled at width \(width)")
        }
    }

    @Test func cjkAtAnOddWidthLeavesTheOddColumnEmpty() {
        #expect(texts("東京の天気は晴れです", width: 5) == ["東京", "の天", "気は", "晴れ", "です"])
        #expect(texts("東京の天気は晴れです", width: 7) == ["東京の", "天気は", "晴れで", "す"])
    }

    @Test func cjkMayBreakNextToLatinText() {
        #expect(texts("Tokyo東京の天気", width: 8) == ["Tokyo東", "京の天気"])
    }

    @Test func emojiClustersStayWholeAndCountTwoColumns() {
        let family = "👨\u{200D}👩\u{200D}👧"
        let text = "👍🏽 ok 🇯🇵 flag \(family) family"
        for width in 2...12 {
            let lines = TextWrap.lines(text, style: .plain, width: width)
            #expect(lines.allSatisfy { $0.width <= width }, "width \(width)")
            let clusters = lines.flatMap { Array($0.text) }
            #expect(clusters.contains("👍🏽") && clusters.contains("🇯🇵") && clusters.contains(Character(family)), "width \(width)")
        }
        #expect(texts("👍🏽👍🏽👍🏽", width: 5) == ["👍🏽👍🏽", "👍🏽"])
    }

    @Test func combiningMarksStayWithTheirBaseAndTakeNoColumns() {
        let text = String(repeating: "e\u{301}", count: 10)
        let lines = texts(text, width: 4)
        #expect(lines == [String(repeating: "e\u{301}", count: 4), String(repeating: "e\u{301}", count: 4), String(repeating: "e\u{301}", count: 2)])
    }

    @Test func aCombiningMarkInTheNextSpanJoinsTheBaseInItsSpan() {
        let lines = TextWrap.lines([StyledSpan("cafe", bold), StyledSpan("\u{301} au lait", .plain)], width: 20)
        #expect(lines.count == 1)
        #expect(lines[0].spans == [StyledSpan("cafe\u{301}", bold), StyledSpan(" au lait", .plain)])
        #expect(lines[0].width == 12)
    }

    @Test func hardLineBreaksAreKeptIncludingEmptyLines() {
        #expect(texts("one\ntwo\n\nthree", width: 20) == ["one", "two", "", "three"])
        #expect(texts("windows\r\nline", width: 20) == ["windows", "line"])
        #expect(texts("", width: 20) == [""])
    }

    @Test func continuationLinesGetTheHangingIndent() {
        #expect(texts("alpha beta gamma delta", width: 12, indent: 2) == ["alpha beta", "  gamma", "  delta"])
        #expect(texts("alpha\nbeta", width: 12, indent: 2) == ["alpha", "  beta"])
    }

    @Test func prefixesStartTheFirstAndLaterLines() {
        let lines = TextWrap.lines([StyledSpan("alpha beta gamma", .plain)], width: 10,
                                   firstPrefix: [StyledSpan("• ", bold)], continuationPrefix: [StyledSpan("  ", .plain)])
        #expect(lines.map(\.text) == ["• alpha", "  beta", "  gamma"])
        #expect(lines[0].spans.first == StyledSpan("• ", bold))
    }

    @Test func aPrefixLeavingNoRoomIsLeftOut() {
        let lines = TextWrap.lines([StyledSpan("ab", .plain)], width: 2, firstPrefix: [StyledSpan("│ ", .plain)], continuationPrefix: [])
        #expect(lines.map(\.text) == ["ab"])
    }

    @Test func leadingSpacesOfAHardLineAreKeptButNotAtAWrap() {
        #expect(texts("    indented code", width: 12) == ["    indented", "code"])
        #expect(texts("a  b", width: 10) == ["a  b"])
    }

    @Test func tabsExpandToTheNextStopOfFourColumns() {
        #expect(texts("\tx", width: 20) == ["    x"])
        #expect(texts("ab\tc", width: 20) == ["ab  c"])
    }

    @Test func controlCharactersAreSanitizedBeforeMeasuring() {
        let lines = texts("a\u{1B}[31mred\u{7}\u{202E}x", width: 40)
        #expect(lines == ["a\u{241B}[31mred\u{2407}\u{FFFD}x"])
        #expect(!lines.joined().unicodeScalars.contains { $0.value < 0x20 || $0 == "\u{202E}" })
    }

    @Test func stylesAreKeptAndNeighboursOfOneStyleMerged() {
        let lines = TextWrap.lines([StyledSpan("bold ", bold), StyledSpan("more", bold), StyledSpan(" plain", .plain)], width: 40)
        #expect(lines == [StyledLine([StyledSpan("bold more", bold), StyledSpan(" plain", .plain)])])
    }

    @Test func aWideCharacterWiderThanTheLineGetsALineOfItsOwn() {
        #expect(texts("東京", width: 1) == ["東", "京"])
    }
}
