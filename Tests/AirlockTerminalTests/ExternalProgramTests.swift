import AirlockTerminal
import Glibc
import Testing

extension HeadlessTerminalTests {
    @Suite struct ExternalPrograms {
        @Test func aProgramRunWhileSuspendedReportsItsExitStatus() throws {
            let screen = try TerminalScreen.headless(width: 10, height: 2, keyboard: HeadlessKeyboard())
            defer { screen.end() }
            #expect(try screen.suspend { try ExternalProgram.run(["sh", "-c", "exit 3"]) } == 3)
            #expect(try screen.suspend { try ExternalProgram.run(["sh", "-c", "kill -TERM $$"]) } == 128 + SIGTERM)
        }

        @Test func theProgramRunsInAirlocksProcessGroupSoItCanUseTheTerminal() throws {
            let group = getpgrp()
            #expect(try ExternalProgram.run(["sh", "-c", "test \"$(cut -d ' ' -f 5 /proc/$$/stat)\" = \(group)"]) == 0)
        }

        @Test func aMissingProgramIsReported() {
            #expect(throws: TerminalError.cannotRun("airlock-no-such-editor", errno: ENOENT)) {
                try ExternalProgram.run(["airlock-no-such-editor"])
            }
        }
    }
}
