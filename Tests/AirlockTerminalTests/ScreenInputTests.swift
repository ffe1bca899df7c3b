import AirlockTUI
import AirlockTerminal
import Testing

extension HeadlessTerminalTests {
    @Suite struct Input {
        @Test func keysWrittenToTheInputPipeDecode() throws {
            let keyboard = try HeadlessKeyboard()
            let screen = try TerminalScreen.headless(width: 20, height: 4, keyboard: keyboard)
            defer { screen.end() }
            keyboard.send("\u{1B}OA\u{1B}[B\u{1B}OP\u{1B}x\r東\u{1B}\r\u{7F}\u{1B}[Z\u{1B}[1;5C\u{03}\t")
            let expected: [KeyPress] = [
                KeyPress(.up), KeyPress(.down), KeyPress(.function(1)), .alt(.character("x")), KeyPress(.enter),
                KeyPress(.character("東")), .alt(.enter), KeyPress(.backspace), KeyPress(.backTab), KeyPress(.right, .control),
                .control("c"), KeyPress(.tab),
            ]
            #expect(readInputs(screen, count: expected.count) == expected.map(TerminalInput.key))
        }

        @Test func aLoneEscapeDecodesAsEscape() throws {
            let keyboard = try HeadlessKeyboard()
            let screen = try TerminalScreen.headless(width: 20, height: 4, keyboard: keyboard)
            defer { screen.end() }
            keyboard.send("\u{1B}")
            #expect(readInputs(screen, count: 1) == [.key(KeyPress(.escape))])
            keyboard.send("a")
            #expect(readInputs(screen, count: 1) == [.key(KeyPress(.character("a")))])
        }

        @Test func aBracketedPasteSplitOverWritesIsOneEvent() throws {
            let keyboard = try HeadlessKeyboard()
            let screen = try TerminalScreen.headless(width: 20, height: 4, keyboard: keyboard)
            defer { screen.end() }
            keyboard.send("\u{1B}[200~first line\rsec")
            #expect(screen.readInput(waitingUpTo: 2000).isEmpty)
            keyboard.send("ond line \u{1B}[31m\u{1B}[201~z")
            #expect(readInputs(screen, count: 2) == [.paste("first line\nsecond line \u{1B}[31m"), .key(KeyPress(.character("z")))])
        }
    }
}
