import AirlockTUI
import CNCursesW
import Foundation
import Synchronization

/// The terminal, drawn and read through ncurses: the only code in Airlock that touches it.
///
/// ncurses keeps global state and is not thread-safe, so a screen is started, used and
/// ended on one thread — in the app, the `UILoop` thread — and the type is not `Sendable`.
/// One screen is active at a time. Apart from switching bracketed paste on and off, every
/// byte the terminal gets comes from ncurses drawing sanitized cells: nothing here writes
/// text raw, and the window title is never touched.
///
/// ## Topics
/// - ``start(environment:)``
/// - ``headless(width:height:keyboard:terminalType:outputPath:environment:)``
/// - ``draw(_:cursor:)``
/// - ``readInput(waitingUpTo:)``
/// - ``suspend(_:)``
/// - ``end()``
public final class TerminalScreen {
    /// How long (ms) an ESC waits for the rest of a sequence before it counts as Escape.
    static let escapeDelay: Int32 = 25

    private static let isActive = Mutex(false)
    private static let bracketedPasteOn = Array("\u{1B}[?2004h".utf8)
    private static let bracketedPasteOff = Array("\u{1B}[?2004l".utf8)

    /// The window everything is drawn in and read from (`stdscr`).
    let window: UnsafeMutablePointer<WINDOW>
    /// The descriptor ncurses reads keys from, for the loop to wait on.
    let inputDescriptor: Int32
    /// Whether ncurses' "default colour" (-1) can be used.
    let usesDefaultColors: Bool
    /// Decodes what ncurses reads; keeps state between reads (escape sequences, pastes).
    var decoder = KeyDecoder()
    /// The frame on the terminal now; `nil` forces the next draw to redraw everything.
    var previousFrame: CellBuffer?
    /// Whether the cursor is shown; `nil` when unknown.
    var cursorShown: Bool?

    private let screen: OpaquePointer
    private let outputFile: UnsafeMutablePointer<FILE>
    private let inputFile: UnsafeMutablePointer<FILE>
    private let ownsFiles: Bool
    private let outputDescriptor: Int32

    /// How colours are mapped for this terminal.
    public let colorDepth: ColorDepth
    /// Columns.
    public internal(set) var width: Int
    /// Rows.
    public internal(set) var height: Int
    /// What the last `draw` wrote.
    public internal(set) var lastDraw = DrawStatistics()
    /// Whether `end()` has run; an ended screen ignores drawing and reads nothing.
    public private(set) var isEnded = false

    // MARK: - Starting

    /// Takes over the real terminal (standard input and output) in raw mode.
    ///
    /// - Throws: `TerminalError.notATerminal` when either is redirected,
    ///   `.unknownTerminal` when `TERM` is unset or unknown, `.screenAlreadyActive`.
    public static func start(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> TerminalScreen {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else { throw TerminalError.notATerminal }
        let type = environment["TERM"] ?? ""
        guard !type.isEmpty else { throw TerminalError.unknownTerminal("") }
        return try TerminalScreen(terminalType: type, output: airlock_stdout(), input: airlock_stdin(), ownsFiles: false, environment: environment)
    }

    /// A screen on no real terminal, for tests: keys come from `keyboard`, output goes to
    /// `outputPath` (discarded by default), and the screen is read back with
    /// `screenLines()` and `screenCell(x:y:)`.
    public static func headless(
        width: Int, height: Int, keyboard: HeadlessKeyboard, terminalType: String = "xterm-256color",
        outputPath: String = "/dev/null", environment: [String: String] = [:]
    ) throws -> TerminalScreen {
        let inputCopy = fcntl(keyboard.readDescriptor, F_DUPFD_CLOEXEC, 0)
        guard inputCopy >= 0, let input = fdopen(inputCopy, "r") else {
            let code = errno
            if inputCopy >= 0 { close(inputCopy) }
            throw TerminalError.cannotOpen("the keyboard pipe", errno: code)
        }
        guard let output = fopen(outputPath, "we") else {
            let code = errno
            fclose(input)
            throw TerminalError.cannotOpen(outputPath, errno: code)
        }
        let screen: TerminalScreen
        do {
            screen = try TerminalScreen(terminalType: terminalType, output: output, input: input, ownsFiles: true, environment: environment)
        } catch {
            fclose(input)
            fclose(output)
            throw error
        }
        screen.resize(width: width, height: height)
        flushinp()
        return screen
    }

    private init(
        terminalType: String, output: UnsafeMutablePointer<FILE>, input: UnsafeMutablePointer<FILE>,
        ownsFiles: Bool, environment: [String: String]
    ) throws {
        let claimed = Self.isActive.withLock { active in
            defer { active = true }
            return !active
        }
        guard claimed else { throw TerminalError.screenAlreadyActive }
        TerminalLocale.configure()
        guard let screen = newterm(terminalType, output, input), let window = airlock_stdscr() else {
            Self.isActive.withLock { $0 = false }
            throw TerminalError.unknownTerminal(terminalType)
        }
        raw()
        noecho()
        nonl()
        keypad(window, true)
        meta(window, true)
        set_escdelay(Self.escapeDelay)
        curs_set(0)

        var depth = ColorDepth.none
        var usesDefaultColors = false
        let colorsWanted = ColorDepth.detect(colorCount: Int.max, environment: environment) != .none
        if colorsWanted, has_colors() {
            start_color()
            usesDefaultColors = use_default_colors() == OK
            depth = ColorDepth.detect(colorCount: Int(airlock_colors()), environment: environment)
        }

        self.screen = screen
        self.window = window
        self.outputFile = output
        self.inputFile = input
        self.ownsFiles = ownsFiles
        self.inputDescriptor = fileno(input)
        self.outputDescriptor = fileno(output)
        self.usesDefaultColors = usesDefaultColors
        self.colorDepth = depth
        self.width = Int(getmaxx(window))
        self.height = Int(getmaxy(window))
        writeRaw(Self.bracketedPasteOn)
    }

    deinit {
        end()
    }

    // MARK: - Size

    /// Resizes ncurses' idea of the terminal (`resizeterm`), as a size change does; the
    /// next `readInput` reports the new size and the next draw redraws everything.
    public func resize(width: Int, height: Int) {
        guard !isEnded else { return }
        resizeterm(Int32(clamping: height), Int32(clamping: width))
        noteSizeChange()
    }

    /// Takes the size from ncurses after a resize and forgets what is on the screen.
    func noteSizeChange() {
        width = Int(getmaxx(window))
        height = Int(getmaxy(window))
        previousFrame = nil
    }

    // MARK: - Ending

    /// Gives the terminal back as it was: bracketed paste off, cursor shown, normal screen.
    ///
    /// Safe to call more than once. Call it on the thread that uses the screen; from a
    /// signal handler or another task, ask the `UILoop` to quit instead.
    public func end() {
        guard !isEnded else { return }
        isEnded = true
        writeRaw(Self.bracketedPasteOff)
        endwin()
        delscreen(screen)
        if ownsFiles {
            fclose(inputFile)
            fclose(outputFile)
        }
        Self.isActive.withLock { $0 = false }
    }

    // MARK: - Raw output

    /// Switches bracketed paste on or off: the only bytes written past ncurses.
    func setBracketedPaste(_ enabled: Bool) {
        writeRaw(enabled ? Self.bracketedPasteOn : Self.bracketedPasteOff)
    }

    private func writeRaw(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(outputDescriptor, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                return
            }
            offset += written
        }
    }
}
