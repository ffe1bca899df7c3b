import AirlockCore
import Foundation

/// Everything the command line prints goes through here.
///
/// Human-readable output is sanitized as a whole — it carries memory, transcripts and
/// names, which are untrusted — so no control sequence reaches the terminal. JSON output
/// escapes the characters a terminal would act on. Errors are one line on stderr.
enum Output {
    /// Writes human-readable text to stdout, sanitized.
    static func write(_ text: String) {
        FileHandle.standardOutput.write(Data(TerminalText.sanitized(text).utf8))
    }

    /// Writes `lines`, each followed by a newline.
    static func lines(_ lines: [String]) {
        guard !lines.isEmpty else { return }
        write(lines.joined(separator: "\n") + "\n")
    }

    /// Writes bytes to stdout exactly as they are (exports piped to a file or program).
    static func raw(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// Writes `value` as pretty-printed JSON with sorted keys.
    static func json(_ value: some Encodable) throws {
        raw(try jsonText(value) + "\n")
    }

    /// `value` as pretty-printed JSON with sorted keys, ISO 8601 dates, and every character
    /// a terminal could act on written as a `\u` escape.
    static func jsonText(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        let text = String(decoding: try encoder.encode(value), as: UTF8.self)
        var escaped = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar.value >= 0x7F, TerminalText.sanitized(String(scalar)) != String(scalar) {
                let hex = String(scalar.value, radix: 16)
                escaped.append(contentsOf: ("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).unicodeScalars)
            } else {
                escaped.append(scalar)
            }
        }
        return String(escaped)
    }

    /// Writes `message` to stderr as one line: `airlock: <message>`.
    static func error(_ message: String) {
        let line = message.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.joined(separator: " ")
        FileHandle.standardError.write(Data(("airlock: " + TerminalText.sanitized(line, singleLine: true) + "\n").utf8))
    }

    /// Writes a note for the user to stderr (prompts, hints), sanitized.
    static func note(_ text: String) {
        FileHandle.standardError.write(Data(TerminalText.sanitized(text).utf8))
    }

    /// A date as `2026-11-29T19:03:42Z`, for tables.
    static func date(_ date: Date) -> String {
        date.ISO8601Format()
    }

    /// Rows of columns padded to equal width (the last column is not padded, so
    /// variable-width text such as titles belongs there).
    static func table(_ header: [String], _ rows: [[String]]) -> [String] {
        let all = [header] + rows
        let widths = (0..<header.count).map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.map { row in
            row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }
    }
}
