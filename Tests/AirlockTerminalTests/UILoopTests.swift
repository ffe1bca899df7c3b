import AirlockTUI
import AirlockTerminal
import Synchronization
import Testing

/// Events the tests post to the loop.
enum TestEvent: Sendable, Equatable {
    case add(Int)
    case quiet
    case suspend
    case quit
}

/// What the test app saw, readable from the test while the loop runs.
final class Recorder: Sendable {
    private struct Log {
        var inputs: [TerminalInput] = []
        var events: [TestEvent] = []
        var frames: [Int] = []
        var suspended = false
        var finished = false
    }

    private let log = Mutex(Log())

    var inputs: [TerminalInput] { log.withLock { $0.inputs } }
    var events: [TestEvent] { log.withLock { $0.events } }
    /// The total shown by each frame drawn.
    var frames: [Int] { log.withLock { $0.frames } }
    var suspended: Bool { log.withLock { $0.suspended } }
    var finished: Bool { log.withLock { $0.finished } }

    func record(_ input: TerminalInput) { log.withLock { $0.inputs.append(input) } }
    func record(_ event: TestEvent) { log.withLock { $0.events.append(event) } }
    func recordFrame(_ total: Int) { log.withLock { $0.frames.append(total) } }
    func noteSuspended() { log.withLock { $0.suspended = true } }
    func noteFinished() { log.withLock { $0.finished = true } }
}

/// An app that adds up posted numbers and shows the total.
struct CountingApp: LoopApplication {
    let recorder: Recorder
    var total = 0

    mutating func handle(_ event: LoopEvent<TestEvent>) -> LoopCommand {
        switch event {
        case .input(let input):
            recorder.record(input)
            return .redraw
        case .app(let event):
            recorder.record(event)
            switch event {
            case .add(let amount):
                total += amount
                return .redraw
            case .quiet:
                return .continue
            case .suspend:
                return .suspend { [recorder] in recorder.noteSuspended() }
            case .quit:
                return .quit
            }
        }
    }

    func frame(width: Int, height: Int) -> Frame {
        recorder.recordFrame(total)
        var buffer = CellBuffer(width: width, height: height)
        buffer.write("total \(total)", x: 0, y: 0, style: .plain)
        return Frame(buffer: buffer, cursor: CursorPosition(x: 0, y: 1))
    }
}

/// Runs `loop` with a `CountingApp` on a headless screen; the recorder notes when it ends.
func startLoop(_ loop: UILoop<TestEvent>, recorder: Recorder, keyboard: HeadlessKeyboard) -> Task<Void, any Error> {
    Task {
        defer { recorder.noteFinished() }
        try await loop.run(CountingApp(recorder: recorder)) {
            try TerminalScreen.headless(width: 30, height: 5, keyboard: keyboard)
        }
    }
}

/// Waits for the loop's task to end (a failed expectation rather than a hang if it does not).
func expectFinished(_ task: Task<Void, any Error>, _ recorder: Recorder) async throws {
    #expect(await waitUntil { recorder.finished })
    if recorder.finished { try await task.value }
}

extension HeadlessTerminalTests {
    @Suite struct Loop {
        @Test func postedEventsReachTheAppInOrderAndAreDrawn() async throws {
            let loop = try UILoop<TestEvent>()
            let recorder = Recorder()
            let task = startLoop(loop, recorder: recorder, keyboard: try HeadlessKeyboard())
            for amount in 1...5 { loop.post(.add(amount)) }
            #expect(await waitUntil { recorder.frames.last == 15 })
            loop.post(.quit)
            try await expectFinished(task, recorder)
            #expect(recorder.events == [.add(1), .add(2), .add(3), .add(4), .add(5), .quit])
        }

        @Test func aBurstOfEventsIsDrawnAsOneFrame() async throws {
            let loop = try UILoop<TestEvent>()
            let recorder = Recorder()
            for _ in 1...500 { loop.post(.add(1)) }
            let task = startLoop(loop, recorder: recorder, keyboard: try HeadlessKeyboard())
            #expect(await waitUntil { recorder.frames.last == 500 })
            loop.post(.quit)
            try await expectFinished(task, recorder)
            #expect(recorder.frames == [0, 500])
        }

        @Test func eventsThatChangeNothingDrawNoFrame() async throws {
            let loop = try UILoop<TestEvent>()
            let recorder = Recorder()
            let task = startLoop(loop, recorder: recorder, keyboard: try HeadlessKeyboard())
            for _ in 1...3 { loop.post(.quiet) }
            #expect(await waitUntil { recorder.events.count == 3 })
            loop.post(.quit)
            try await expectFinished(task, recorder)
            #expect(recorder.frames == [0])
        }

        @Test func typedKeysAndPastesReachTheAppDecoded() async throws {
            let loop = try UILoop<TestEvent>()
            let recorder = Recorder()
            let keyboard = try HeadlessKeyboard()
            let task = startLoop(loop, recorder: recorder, keyboard: keyboard)
            keyboard.send("h\u{1B}\r\u{1B}[200~pasted\ntext\u{1B}[201~")
            #expect(await waitUntil { recorder.inputs.count == 3 })
            loop.post(.quit)
            try await expectFinished(task, recorder)
            #expect(recorder.inputs == [.key(KeyPress(.character("h"))), .key(.alt(.enter)), .paste("pasted\ntext")])
        }

        @Test func suspendingRunsTheWorkAndRedrawsAfterwards() async throws {
            let loop = try UILoop<TestEvent>()
            let recorder = Recorder()
            let task = startLoop(loop, recorder: recorder, keyboard: try HeadlessKeyboard())
            #expect(await waitUntil { recorder.frames.count == 1 })
            loop.post(.suspend)
            #expect(await waitUntil { recorder.frames.count == 2 })
            loop.post(.quit)
            try await expectFinished(task, recorder)
            #expect(recorder.suspended)
            #expect(recorder.frames == [0, 0])
        }

        @Test func requestQuitFromAnotherTaskEndsTheLoop() async throws {
            let loop = try UILoop<TestEvent>()
            let recorder = Recorder()
            let task = startLoop(loop, recorder: recorder, keyboard: try HeadlessKeyboard())
            #expect(await waitUntil { recorder.frames.count == 1 })
            Task.detached { loop.requestQuit() }
            try await expectFinished(task, recorder)
        }

        @Test func cancellingTheRunningTaskEndsTheLoop() async throws {
            let loop = try UILoop<TestEvent>()
            let recorder = Recorder()
            let task = startLoop(loop, recorder: recorder, keyboard: try HeadlessKeyboard())
            #expect(await waitUntil { recorder.frames.count == 1 })
            task.cancel()
            try await expectFinished(task, recorder)
        }

        @Test func aSecondRunWhileOneIsRunningIsRefused() async throws {
            let loop = try UILoop<TestEvent>()
            let recorder = Recorder()
            let task = startLoop(loop, recorder: recorder, keyboard: try HeadlessKeyboard())
            #expect(await waitUntil { recorder.frames.count == 1 })
            await #expect(throws: TerminalError.loopAlreadyRunning) {
                try await loop.run(CountingApp(recorder: Recorder())) { try TerminalScreen.headless(width: 5, height: 2, keyboard: HeadlessKeyboard()) }
            }
            loop.post(.quit)
            try await expectFinished(task, recorder)
        }
    }
}
