import AirlockTUI
import Foundation
import Synchronization

/// Owns the terminal thread: the one thread that runs ncurses, reads keys, calls the app
/// and draws its frames.
///
/// Other tasks talk to it only through `post(_:)` and `requestQuit()`, which are safe from
/// anywhere. Posting wakes the loop at once through a self-pipe that its `poll` watches
/// together with the terminal's input (a resize wakes it the same way), so an idle loop
/// sleeps in `poll` with no timeout and uses no CPU. Frames are drawn only when the app
/// says its state changed, at most `framesPerSecond` times a second: a burst of events (a
/// reply streaming at 500 tokens a second) is handled event by event but drawn once per
/// frame interval.
///
/// The loop type is `Sendable` because all it holds is thread-safe (a locked inbox,
/// atomics and the wake-up pipe); the screen and the app live on the loop thread only.
public final class UILoop<AppEvent: Sendable>: Sendable {
    private let inbox = Mutex<[AppEvent]>([])
    private let quitRequested = Atomic<Bool>(false)
    private let running = Atomic<Bool>(false)
    private let wake: WakeSignal
    private let frameInterval: Duration

    /// Creates a loop that draws at most `framesPerSecond` frames a second.
    public init(framesPerSecond: Int = 60) throws {
        wake = try WakeSignal()
        frameInterval = .seconds(1) / max(1, framesPerSecond)
    }

    /// Queues `event` for the app and wakes the loop. Safe from any thread or task.
    public func post(_ event: AppEvent) {
        let wasEmpty = inbox.withLock { events in
            defer { events.append(event) }
            return events.isEmpty
        }
        if wasEmpty { wake.signal() }
    }

    /// Ends the loop soon, restoring the terminal (for SIGTERM handlers and the like).
    ///
    /// Safe from any thread. The request stands: a loop asked to quit before it runs ends
    /// right after starting.
    public func requestQuit() {
        quitRequested.store(true, ordering: .releasing)
        wake.signal()
    }

    /// Runs the loop on a new thread until the app quits, `requestQuit()` is called, the
    /// task is cancelled or the terminal's input closes; the screen is ended either way.
    ///
    /// - Parameters:
    ///   - app: the app; from here on only the loop thread touches it.
    ///   - makeScreen: starts the screen, on the loop thread (the real terminal by default).
    /// - Throws: what `makeScreen` throws, or `TerminalError.loopAlreadyRunning`.
    public func run<App: LoopApplication>(
        _ app: sending App,
        screen makeScreen: @escaping @Sendable () throws -> TerminalScreen = { try TerminalScreen.start() }
    ) async throws where App.AppEvent == AppEvent {
        guard running.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged else {
            throw TerminalError.loopAlreadyRunning
        }
        defer { running.store(false, ordering: .releasing) }
        var app = app
        let handover = Handover { try self.loop(&app, makeScreen) }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let thread = Thread {
                    do {
                        try handover.body()
                        continuation.resume()
                    } catch {
                        continuation.resume(throwing: error)
                    }
                }
                thread.name = "airlock-terminal"
                thread.stackSize = 8 << 20
                thread.start()
            }
        } onCancel: {
            self.requestQuit()
        }
    }

    // MARK: - The loop thread

    private func loop<App: LoopApplication>(_ app: inout App, _ makeScreen: () throws -> TerminalScreen) throws where App.AppEvent == AppEvent {
        let screen = try makeScreen()
        ResizeWake.install(wake)
        defer {
            ResizeWake.remove()
            screen.end()
        }
        let clock = ContinuousClock()
        var needsFrame = true
        var lastFrame: ContinuousClock.Instant?
        while !quitRequested.load(ordering: .acquiring) {
            var timeout: Int32 = -1
            if needsFrame {
                let now = clock.now
                if let lastFrame, now < lastFrame + frameInterval {
                    timeout = Self.milliseconds(lastFrame + frameInterval - now)
                } else {
                    let frame = app.frame(width: screen.width, height: screen.height)
                    screen.draw(frame.buffer, cursor: frame.cursor)
                    lastFrame = now
                    needsFrame = false
                }
            }
            guard waitForWork(input: screen.inputDescriptor, timeout: timeout) else { return }
            wake.drain()
            let inputs = screen.readInput().map(LoopEvent<AppEvent>.input)
            let posted = inbox.withLock { events in
                defer { events.removeAll(keepingCapacity: true) }
                return events.map(LoopEvent<AppEvent>.app)
            }
            for event in inputs + posted {
                if case .input(.resize) = event { needsFrame = true }
                switch app.handle(event) {
                case .continue:
                    break
                case .redraw:
                    needsFrame = true
                case .quit:
                    return
                case .suspend(let work):
                    screen.suspend(work)
                    needsFrame = true
                }
            }
        }
    }

    /// Sleeps until input, a wake-up or the timeout (-1: none). Returns false when the
    /// terminal's input has closed.
    private func waitForWork(input: Int32, timeout: Int32) -> Bool {
        var descriptors = [
            pollfd(fd: input, events: Int16(POLLIN), revents: 0),
            pollfd(fd: wake.pipe.read, events: Int16(POLLIN), revents: 0),
        ]
        guard poll(&descriptors, 2, timeout) > 0 else { return true }
        let closed = Int16(POLLHUP | POLLERR | POLLNVAL)
        return descriptors[0].revents & closed == 0 || descriptors[0].revents & Int16(POLLIN) != 0
    }

    private static func milliseconds(_ duration: Duration) -> Int32 {
        let (seconds, attoseconds) = duration.components
        let whole = seconds * 1000 + attoseconds / 1_000_000_000_000_000
        return Int32(clamping: max(1, whole + (attoseconds % 1_000_000_000_000_000 > 0 ? 1 : 0)))
    }
}

/// The loop's body, holding the app, on its way to the loop thread. `run` takes the app as
/// `sending`, so the caller has given it up and only the loop thread touches it from here on.
private struct Handover: @unchecked Sendable {
    let body: () throws -> Void
}
