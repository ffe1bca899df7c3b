import Foundation
import Glibc

/// Reading text and secrets from stdin.
enum StandardInput {
    /// Whether stdin is a terminal (nothing was piped in).
    static var isTerminal: Bool { isatty(STDIN_FILENO) == 1 }

    /// All of stdin as UTF-8 text, refusing more than `limit` bytes.
    static func readAll(limit: Int) throws -> String {
        var bytes = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(STDIN_FILENO, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw CLIError.standardInputNotUTF8
            }
            if count == 0 { break }
            bytes.append(contentsOf: buffer[0..<count])
            if bytes.count > limit { throw CLIError.standardInputTooLarge(limit: limit) }
        }
        guard let text = String(validating: bytes, as: UTF8.self) else { throw CLIError.standardInputNotUTF8 }
        return text
    }

    /// A secret: one line typed at a terminal with echo off after `prompt`, or all of
    /// piped stdin.
    static func readSecret(prompt: String) throws -> String {
        guard isTerminal else { return try readAll(limit: 4096) }
        Output.note(prompt)
        var original = termios()
        let canHideEcho = tcgetattr(STDIN_FILENO, &original) == 0
        if canHideEcho {
            var hidden = original
            hidden.c_lflag &= ~tcflag_t(ECHO)
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &hidden)
        }
        defer {
            if canHideEcho { tcsetattr(STDIN_FILENO, TCSAFLUSH, &original) }
            Output.note("\n")
        }
        return readLine(strippingNewline: true) ?? ""
    }
}
