import AirlockTUI
import AirlockTerminal
import Foundation
import Testing

/// Every test that drives ncurses: it has one global state, so these run one at a time.
@Suite(.serialized) struct HeadlessTerminalTests {}

// MARK: - Helpers

/// Reads from `screen` until `count` inputs have arrived or `limit` has passed.
func readInputs(_ screen: TerminalScreen, count: Int, within limit: Duration = .seconds(10)) -> [TerminalInput] {
    let deadline = ContinuousClock.now + limit
    var inputs: [TerminalInput] = []
    while inputs.count < count, ContinuousClock.now < deadline {
        inputs += screen.readInput(waitingUpTo: 100)
    }
    return inputs
}

/// Waits until `condition` holds or `limit` has passed; returns whether it held.
func waitUntil(within limit: Duration = .seconds(10), _ condition: () -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + limit
    while !condition() {
        guard ContinuousClock.now < deadline else { return false }
        try? await Task.sleep(for: .milliseconds(5))
    }
    return true
}

/// The lines without trailing spaces.
func trimmed(_ lines: [String]) -> [String] {
    lines.map { line in
        var line = Substring(line)
        while line.last == " " { line.removeLast() }
        return String(line)
    }
}

/// A frame with `rows` written from the top left in `style`.
func frame(width: Int, height: Int, _ rows: [String], style: CellStyle = .plain) -> CellBuffer {
    var buffer = CellBuffer(width: width, height: height)
    for (row, text) in rows.enumerated() {
        buffer.write(text, x: 0, y: row, style: style)
    }
    return buffer
}

/// A file in the temporary folder, removed by the caller.
func temporaryFile() -> URL {
    FileManager.default.temporaryDirectory.appendingPathComponent("airlock-terminal-\(UUID().uuidString).out")
}

extension Array where Element == UInt8 {
    /// Whether `needle` occurs in these bytes.
    func contains(sequence needle: String) -> Bool {
        let needle = Array(needle.utf8)
        guard count >= needle.count else { return false }
        return (0...(count - needle.count)).contains { self[$0..<($0 + needle.count)].elementsEqual(needle) }
    }
}
