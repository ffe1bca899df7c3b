import AirlockTUI
import CNCursesW
import Testing
import AirlockTerminal

/// The reports ncurses gives for `text` when it recognises no key in it.
private func characters(_ text: String) -> [CursesInput] {
    text.unicodeScalars.map { .character($0.value) }
}

/// Feeds `inputs` to a fresh decoder (then a timeout, if asked) and collects the results.
private func decode(_ inputs: [CursesInput], thenTimeOut: Bool = false) -> [TerminalInput] {
    var decoder = KeyDecoder()
    var results = inputs.flatMap { decoder.feed($0) }
    if thenTimeOut { results += decoder.timeOut() }
    return results
}

private func keys(_ presses: KeyPress...) -> [TerminalInput] {
    presses.map(TerminalInput.key)
}

@Suite struct KeyDecoderTests {
    @Test func printableCharactersIncludingWideOnesBecomeCharacterKeys() {
        #expect(decode(characters("a東Z")) == keys(KeyPress(.character("a")), KeyPress(.character("東")), KeyPress(.character("Z"))))
    }

    @Test func enterTabAndBackspaceComeFromTheirControlBytesAndKeyCodes() {
        let inputs: [CursesInput] = [.character(13), .character(10), .character(9), .character(127), .character(8), .keyCode(KEY_BACKSPACE), .keyCode(KEY_ENTER)]
        #expect(decode(inputs) == keys(
            KeyPress(.enter), KeyPress(.enter), KeyPress(.tab), KeyPress(.backspace), KeyPress(.backspace), KeyPress(.backspace), KeyPress(.enter)
        ))
    }

    @Test func shiftTabComesFromKeyBTabAndFromCSIZ() {
        #expect(decode([.keyCode(KEY_BTAB)]) == keys(KeyPress(.backTab)))
        #expect(decode(characters("\u{1B}[Z")) == keys(KeyPress(.backTab)))
    }

    @Test func controlBytesOneToTwentySixAreCtrlLetters() {
        #expect(decode([.character(1), .character(3), .character(23), .character(26)]) == keys(.control("a"), .control("c"), .control("w"), .control("z")))
        #expect(decode([.character(0)]) == keys(KeyPress(.character(" "), .control)))
    }

    @Test func navigationKeyCodesBecomeNavigationKeys() {
        let codes = [KEY_UP, KEY_DOWN, KEY_LEFT, KEY_RIGHT, KEY_HOME, KEY_END, KEY_PPAGE, KEY_NPAGE, KEY_DC, KEY_IC]
        let expected: [Key] = [.up, .down, .left, .right, .home, .end, .pageUp, .pageDown, .delete, .insert]
        #expect(decode(codes.map(CursesInput.keyCode)) == expected.map { .key(KeyPress($0)) })
    }

    @Test func functionKeyCodesAreF1ToF12AndHigherOnesCarryModifiers() {
        let codes = (1...12).map { CursesInput.keyCode(airlock_key_f($0)) }
        #expect(decode(codes) == (1...12).map { .key(KeyPress(.function($0))) })
        #expect(decode([.keyCode(airlock_key_f(13)), .keyCode(airlock_key_f(29))]) == keys(KeyPress(.function(1), .shift), KeyPress(.function(5), .control)))
    }

    @Test func escapeThenAKeyIsThatKeyWithAlt() {
        #expect(decode(characters("\u{1B}x")) == keys(.alt(.character("x"))))
        #expect(decode([.character(0x1B), .keyCode(KEY_UP)]) == keys(.alt(.up)))
        #expect(decode([.character(0x1B), .character(3)]) == keys(KeyPress(.character("c"), [.control, .alt])))
    }

    @Test func altEnterIsNotALoneEscapeFollowedByEnter() {
        #expect(decode([.character(0x1B), .character(13)]) == keys(.alt(.enter)))
        #expect(decode([.character(0x1B), .character(10)]) == keys(.alt(.enter)))
    }

    @Test func aLoneEscapeIsTheEscapeKeyOnceTheDelayPasses() {
        var decoder = KeyDecoder()
        #expect(decoder.feed(.character(0x1B)).isEmpty)
        #expect(decoder.isAwaitingMore)
        #expect(decoder.timeOut() == keys(KeyPress(.escape)))
        #expect(!decoder.isAwaitingMore)
        #expect(decoder.feed(.character(13)) == keys(KeyPress(.enter)))
    }

    @Test func twoEscapesAreTwoEscapeKeys() {
        #expect(decode(characters("\u{1B}\u{1B}"), thenTimeOut: true) == keys(KeyPress(.escape), KeyPress(.escape)))
    }

    @Test func bracketedPasteIsOneEventWithTheTextVerbatim() {
        let pasted = "first line\n\tsecond: \u{1B}[31m \"quoted\" 東京\nthird"
        #expect(decode(characters("\u{1B}[200~" + pasted + "\u{1B}[201~")) == [.paste(pasted)])
    }

    @Test func pastedLineBreaksSentAsCarriageReturnsBecomeNewlines() {
        #expect(decode(characters("\u{1B}[200~a\rb\r\nc\u{1B}[201~")) == [.paste("a\nb\nc")])
    }

    @Test func aPasteSplitOverManyReadsAndTimeoutsIsStillOneEvent() {
        var decoder = KeyDecoder()
        var results: [TerminalInput] = []
        for part in ["\u{1B}[20", "0~hel", "lo\nwor", "ld\u{1B}", "[201", "~"] {
            results += characters(part).flatMap { decoder.feed($0) }
            if decoder.isInPaste { results += decoder.timeOut() }
        }
        #expect(results == [.paste("hello\nworld")])
        #expect(decoder.feed(.character(0x61)) == keys(KeyPress(.character("a"))))
    }

    @Test func keysNcursesReadsInsideAPasteStayText() {
        #expect(decode(characters("\u{1B}[200~a") + [.keyCode(KEY_BACKSPACE)] + characters("b\u{1B}[201~")) == [.paste("a\u{7F}b")])
    }

    @Test func controlSequencesTerminfoMissedStillDecode() {
        #expect(decode(characters("\u{1B}[A\u{1B}[1;5C\u{1B}[3~\u{1B}[11~\u{1B}[24;2~\u{1B}OP\u{1B}OH")) == keys(
            KeyPress(.up), KeyPress(.right, .control), KeyPress(.delete), KeyPress(.function(1)),
            KeyPress(.function(12), .shift), KeyPress(.function(1)), KeyPress(.home)
        ))
    }

    @Test func extendedTerminfoKeyNamesCarryTheirModifiers() {
        #expect(decode([.namedKey("kRIT5"), .namedKey("kUP3"), .namedKey("kDC6"), .namedKey("kLFT")]) == keys(
            KeyPress(.right, .control), KeyPress(.up, .alt), KeyPress(.delete, [.control, .shift]), KeyPress(.left, .shift)
        ))
        #expect(decode([.namedKey("kxIN")]).isEmpty)
    }

    @Test func altBracketTypedAloneIsNotASequence() {
        #expect(decode(characters("\u{1B}["), thenTimeOut: true) == keys(.alt(.character("["))))
        #expect(decode(characters("\u{1B}[2"), thenTimeOut: true) == keys(.alt(.character("[")), KeyPress(.character("2"))))
        #expect(decode(characters("\u{1B}O"), thenTimeOut: true) == keys(.alt(.character("O"))))
    }

    @Test func unknownControlSequencesAreDropped() {
        #expect(decode(characters("\u{1B}[99;9q") + characters("a")) == keys(KeyPress(.character("a"))))
    }

    @Test func resizePassesThroughAndEndsAPendingEscape() {
        #expect(decode([.resized(width: 100, height: 30)]) == [.resize(width: 100, height: 30)])
        #expect(decode([.character(0x1B), .resized(width: 80, height: 24)]) == [.key(KeyPress(.escape)), .resize(width: 80, height: 24)])
    }

    @Test func c1ControlCharactersAreDropped() {
        #expect(decode([.character(0x9B), .character(0x85)]).isEmpty)
    }
}
