import AirlockTUI
import AirlockTerminal
import Testing

extension HeadlessTerminalTests {
    @Suite struct Drawing {
        @Test func asciiCJKEmojiAndCombiningMarksReadBackAsDrawn() throws {
            let screen = try TerminalScreen.headless(width: 20, height: 4, keyboard: HeadlessKeyboard())
            defer { screen.end() }
            screen.draw(frame(width: 20, height: 4, ["Hello, world", "東京 tower", "ok 😀 done", "cafe\u{301}!"]))

            #expect(trimmed(screen.screenLines()) == ["Hello, world", "東京 tower", "ok 😀 done", "cafe\u{301}!"])
            #expect(screen.screenCell(x: 2, y: 1).text == "京")
            #expect(screen.screenCell(x: 4, y: 1).text == " ")
            #expect(screen.screenCell(x: 3, y: 2).text == "😀")
            #expect(screen.screenCell(x: 6, y: 2).text == "d")
            #expect(Array(screen.screenCell(x: 3, y: 3).text.unicodeScalars) == ["e", "\u{301}"])
            #expect(screen.screenCell(x: 4, y: 3).text == "!")
        }

        @Test func theSecondFrameWritesOnlyTheChangedCells() throws {
            let screen = try TerminalScreen.headless(width: 20, height: 4, keyboard: HeadlessKeyboard())
            defer { screen.end() }
            let first = frame(width: 20, height: 4, ["Hello, world", "second row"])
            screen.draw(first)
            #expect(screen.lastDraw == DrawStatistics(runs: 4, cells: 80))

            var second = first
            second.write("W", x: 7, y: 0, style: .plain)
            screen.draw(second)
            #expect(screen.lastDraw == DrawStatistics(runs: 1, cells: 1))
            #expect(trimmed(screen.screenLines()) == ["Hello, World", "second row", "", ""])

            screen.draw(second)
            #expect(screen.lastDraw == DrawStatistics(runs: 0, cells: 0))
        }

        @Test func changingAWideCharacterWritesItOnce() throws {
            let screen = try TerminalScreen.headless(width: 10, height: 1, keyboard: HeadlessKeyboard())
            defer { screen.end() }
            screen.draw(frame(width: 10, height: 1, ["東京"]))
            screen.draw(frame(width: 10, height: 1, ["東西"]))
            #expect(screen.lastDraw == DrawStatistics(runs: 1, cells: 1))
            #expect(trimmed(screen.screenLines()) == ["東西"])
        }

        @Test func anEmojiTheCLibraryMeasuresNarrowKeepsTheRowAligned() throws {
            let screen = try TerminalScreen.headless(width: 10, height: 1, keyboard: HeadlessKeyboard())
            defer { screen.end() }
            screen.draw(frame(width: 10, height: 1, ["abcdefgh"]))
            screen.draw(frame(width: 10, height: 1, ["\u{2764}\u{FE0F}x\u{1FAE8}y"]))
            #expect(screen.screenCell(x: 1, y: 0).text == " ")
            #expect(screen.screenCell(x: 2, y: 0).text == "x")
            #expect(screen.screenCell(x: 5, y: 0).text == "y")
        }

        @Test func aResizeIsReportedAndRedrawsEverything() throws {
            let screen = try TerminalScreen.headless(width: 20, height: 4, keyboard: HeadlessKeyboard())
            defer { screen.end() }
            screen.draw(frame(width: 20, height: 4, ["before"]))

            screen.resize(width: 30, height: 6)
            #expect(readInputs(screen, count: 1) == [.resize(width: 30, height: 6)])
            #expect(screen.width == 30 && screen.height == 6)

            screen.draw(frame(width: 30, height: 6, ["before", "after the resize"]))
            #expect(screen.lastDraw.cells == 180)
            #expect(trimmed(screen.screenLines()) == ["before", "after the resize", "", "", "", ""])
        }

        @Test func resizingToTheSameFrameSizeStillRedrawsEverything() throws {
            let screen = try TerminalScreen.headless(width: 20, height: 4, keyboard: HeadlessKeyboard())
            defer { screen.end() }
            let buffer = frame(width: 20, height: 4, ["steady"])
            screen.draw(buffer)
            screen.resize(width: 20, height: 4)
            screen.draw(buffer)
            #expect(screen.lastDraw.cells == 80)
        }

        @Test func coloursAndAttributesReachTheScreenIn256Colours() throws {
            let screen = try TerminalScreen.headless(width: 10, height: 2, keyboard: HeadlessKeyboard())
            defer { screen.end() }
            #expect(screen.colorDepth == .indexed256)
            let styled = CellStyle(foreground: .rgb(255, 0, 0), background: .indexed(17), attributes: [.bold, .underline])
            var buffer = frame(width: 10, height: 2, ["R"], style: styled)
            buffer.write("p", x: 0, y: 1, style: .plain)
            screen.draw(buffer)

            #expect(screen.screenCell(x: 0, y: 0) == ScreenCell(text: "R", foreground: 196, background: 17, attributes: [.bold, .underline]))
            #expect(screen.screenCell(x: 0, y: 1) == ScreenCell(text: "p", foreground: nil, background: nil, attributes: []))
        }

        @Test func anEightColourTerminalGetsBasicColours() throws {
            let screen = try TerminalScreen.headless(width: 10, height: 1, keyboard: HeadlessKeyboard(), terminalType: "xterm")
            defer { screen.end() }
            #expect(screen.colorDepth == .basic8)
            screen.draw(frame(width: 10, height: 1, ["x"], style: CellStyle(foreground: .rgb(255, 0, 0), background: .indexed(12))))
            let cell = screen.screenCell(x: 0, y: 0)
            #expect(cell.foreground == 1)
            #expect(cell.background == 4)
        }

        @Test func noColorDropsColoursButKeepsAttributes() throws {
            let screen = try TerminalScreen.headless(width: 10, height: 1, keyboard: HeadlessKeyboard(), environment: ["NO_COLOR": "1"])
            defer { screen.end() }
            #expect(screen.colorDepth == .none)
            screen.draw(frame(width: 10, height: 1, ["x"], style: CellStyle(foreground: .indexed(196), background: .rgb(0, 0, 90), attributes: [.bold, .reverse])))
            #expect(screen.screenCell(x: 0, y: 0) == ScreenCell(text: "x", foreground: nil, background: nil, attributes: [.bold, .reverse]))
        }

        @Test func theCursorGoesWhereTheFrameAsks() throws {
            let screen = try TerminalScreen.headless(width: 10, height: 3, keyboard: HeadlessKeyboard())
            defer { screen.end() }
            screen.draw(frame(width: 10, height: 3, ["> typing"]), cursor: CursorPosition(x: 8, y: 0))
            #expect(screen.screenCursor == CursorPosition(x: 8, y: 0))
            screen.draw(frame(width: 10, height: 3, ["> typing", "more"]), cursor: CursorPosition(x: 4, y: 1))
            #expect(screen.screenCursor == CursorPosition(x: 4, y: 1))
        }

        @Test func suspendingAndResumingRedrawsEverything() throws {
            let screen = try TerminalScreen.headless(width: 10, height: 2, keyboard: HeadlessKeyboard())
            defer { screen.end() }
            let buffer = frame(width: 10, height: 2, ["editor"])
            screen.draw(buffer)
            var ran = false
            screen.suspend { ran = true }
            #expect(ran)
            screen.draw(buffer)
            #expect(screen.lastDraw.cells == 20)
            #expect(trimmed(screen.screenLines()) == ["editor", ""])
        }

        @Test func endIsIdempotentAndAnEndedScreenDoesNothing() throws {
            let screen = try TerminalScreen.headless(width: 10, height: 2, keyboard: HeadlessKeyboard())
            screen.draw(frame(width: 10, height: 2, ["x"]))
            screen.end()
            screen.end()
            #expect(screen.isEnded)
            screen.draw(frame(width: 10, height: 2, ["y"]))
            #expect(screen.lastDraw.cells == 20)
            #expect(screen.readInput().isEmpty)
            #expect(screen.screenLines().isEmpty)
        }

        @Test func onlyOneScreenIsActiveAtATime() throws {
            let first = try TerminalScreen.headless(width: 10, height: 2, keyboard: HeadlessKeyboard())
            #expect(throws: TerminalError.screenAlreadyActive) {
                _ = try TerminalScreen.headless(width: 10, height: 2, keyboard: HeadlessKeyboard())
            }
            first.end()
            let second = try TerminalScreen.headless(width: 10, height: 2, keyboard: HeadlessKeyboard())
            second.end()
        }

        @Test func anUnknownTerminalTypeIsReported() throws {
            #expect(throws: TerminalError.unknownTerminal("no-such-terminal-type")) {
                _ = try TerminalScreen.headless(width: 10, height: 2, keyboard: HeadlessKeyboard(), terminalType: "no-such-terminal-type")
            }
            let screen = try TerminalScreen.headless(width: 10, height: 2, keyboard: HeadlessKeyboard())
            screen.end()
        }
    }
}
