import AirlockCore
import Testing

@Suite("TerminalText")
struct TerminalTextTests {
    @Test func escapeAndBellBecomeControlPictures() {
        #expect(TerminalText.sanitized("a\u{1B}b") == "a\u{241B}b")
        #expect(TerminalText.sanitized("ding\u{07}") == "ding\u{2407}")
        #expect(TerminalText.sanitized("\u{0}") == "\u{2400}")
        #expect(TerminalText.sanitized("line\rover") == "line\u{240D}over")
    }

    @Test func csiSequenceIsDefused() {
        let text = TerminalText.sanitized("\u{1B}[2J\u{1B}[31mred\u{1B}[0m")
        #expect(text == "\u{241B}[2J\u{241B}[31mred\u{241B}[0m")
        #expect(!text.unicodeScalars.contains("\u{1B}"))
    }

    @Test func oscTitleSequenceIsDefused() {
        let text = TerminalText.sanitized("\u{1B}]0;pwned\u{07}hello")
        #expect(text == "\u{241B}]0;pwned\u{2407}hello")
        #expect(!containsRawControl(text))
    }

    @Test func c1ControlsBecomeReplacementCharacters() {
        #expect(TerminalText.sanitized("a\u{9B}31mb") == "a\u{FFFD}31mb")
        #expect(TerminalText.sanitized("\u{80}\u{9F}") == "\u{FFFD}\u{FFFD}")
    }

    @Test func deleteBecomesAVisibleSymbol() {
        #expect(TerminalText.sanitized("x\u{7F}") == "x\u{2421}")
    }

    @Test func bidiOverridesAreNeutralized() {
        #expect(TerminalText.sanitized("invoice\u{202E}fdp.exe") == "invoice\u{FFFD}fdp.exe")
        #expect(TerminalText.sanitized("a\u{2066}b\u{2069}c") == "a\u{FFFD}b\u{FFFD}c")
        #expect(TerminalText.sanitized("\u{200E}\u{200F}\u{061C}") == "\u{FFFD}\u{FFFD}\u{FFFD}")
    }

    @Test func newlinesAndTabsAreKeptByDefault() {
        #expect(TerminalText.sanitized("one\ntwo\tthree") == "one\ntwo\tthree")
        #expect(TerminalText.sanitized("one\ntwo\u{1B}") == "one\ntwo\u{241B}")
    }

    @Test func singleLineReplacesNewlinesAndTabs() {
        #expect(TerminalText.sanitized("one\ntwo\tthree", singleLine: true) == "one\u{2424}two three")
    }

    @Test(arguments: ["plain text", "東京のキャンペーン", "emoji 🚀👩‍💻 ok", "Ünïcödé ñ", "", "quotes \"and\" \\ backslash"])
    func textWithoutControlsIsUnchanged(_ text: String) {
        #expect(TerminalText.sanitized(text) == text)
        #expect(TerminalText.sanitized(text, singleLine: true) == text)
    }

    @Test func sanitizedOutputNeverContainsRawControls() {
        var everything = ""
        for value in UInt32(0)...0xA0 { everything.unicodeScalars.append(Unicode.Scalar(value)!) }
        everything += "\u{061C}\u{200E}\u{200F}\u{202A}\u{202B}\u{202C}\u{202D}\u{202E}\u{2066}\u{2067}\u{2068}\u{2069}"
        #expect(!containsRawControl(TerminalText.sanitized(everything, singleLine: true)))
        let multiline = TerminalText.sanitized(everything)
        #expect(!containsRawControl(multiline.replacingOccurrences(of: "\n", with: "").replacingOccurrences(of: "\t", with: "")))
    }

    @Test func quotedWrapsEscapesAndSanitizes() {
        #expect(TerminalText.quoted("acme") == "\"acme\"")
        #expect(TerminalText.quoted("say \"hi\"") == "\"say \\\"hi\\\"\"")
        #expect(TerminalText.quoted("a\\b") == "\"a\\\\b\"")
        #expect(TerminalText.quoted("a\nb\u{1B}") == "\"a\u{2424}b\u{241B}\"")
    }

    @Test func quotedCutsLongTextWithAnEllipsis() {
        #expect(TerminalText.quoted("abcdef", limit: 3) == "\"abc…\"")
        #expect(TerminalText.quoted("abc", limit: 3) == "\"abc\"")
        #expect(TerminalText.quoted(String(repeating: "x", count: 100)).count == 80 + 3)
    }

    @Test func quotedNeverContainsRawControls() {
        #expect(!containsRawControl(TerminalText.quoted("\u{1B}]0;t\u{07}\r\n\u{9B}\u{202E}")))
    }
}
