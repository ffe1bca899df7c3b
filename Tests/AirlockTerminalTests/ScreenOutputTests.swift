import AirlockTUI
import AirlockTerminal
import Foundation
import Testing

extension HeadlessTerminalTests {
    @Suite struct Output {
        @Test func hostileTextIsDrawnVisiblyWithoutClearScreenOrTitleSequences() throws {
            let file = temporaryFile()
            defer { try? FileManager.default.removeItem(at: file) }
            let screen = try TerminalScreen.headless(width: 40, height: 3, keyboard: HeadlessKeyboard(), outputPath: file.path)
            defer { screen.end() }
            screen.draw(CellBuffer(width: 40, height: 3))
            let before = try Data(contentsOf: file).count

            let hostile = frame(width: 40, height: 3, ["\u{1B}[2J\u{1B}]0;pwned\u{07}hi", "\u{1B}]2;title\u{1B}\\ok"])
            #expect(hostile.cells.allSatisfy { cell in !cell.grapheme.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F } })
            screen.draw(hostile)

            let written = Array(try Data(contentsOf: file).dropFirst(before))
            #expect(written.contains(sequence: "\u{241B}[2J\u{241B}]0;pwned\u{2407}hi"))
            #expect(!written.contains(sequence: "\u{1B}[2J"))
            #expect(!written.contains(sequence: "\u{1B}]"))
            #expect(trimmed(screen.screenLines()) == ["␛[2J␛]0;pwned␇hi", "␛]2;title␛\\ok", ""])
        }

        @Test func bracketedPasteIsSwitchedOnAtStartAndOffAtEndAndTheTitleIsNeverSet() throws {
            let file = temporaryFile()
            defer { try? FileManager.default.removeItem(at: file) }
            let screen = try TerminalScreen.headless(width: 20, height: 2, keyboard: HeadlessKeyboard(), outputPath: file.path)
            let atStart = Array(try Data(contentsOf: file))
            #expect(atStart.contains(sequence: "\u{1B}[?2004h"))
            #expect(!atStart.contains(sequence: "\u{1B}[?2004l"))

            screen.draw(frame(width: 20, height: 2, ["title test"]))
            screen.end()
            let all = Array(try Data(contentsOf: file))
            #expect(all.contains(sequence: "\u{1B}[?2004l"))
            #expect(!all.contains(sequence: "\u{1B}]0;"))
            #expect(!all.contains(sequence: "\u{1B}]1;"))
            #expect(!all.contains(sequence: "\u{1B}]2;"))
        }
    }
}
