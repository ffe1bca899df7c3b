import AirlockCore

/// Why a file or directory of the home could not be used.
public enum FileSystemError: Error, Equatable, Sendable, CustomStringConvertible {
    case symlinkRefused(path: String)
    case notADirectory(path: String)
    case notAFile(path: String)
    case tooPermissive(path: String, mode: UInt32)
    case missing(path: String)
    case tooLarge(path: String, limit: Int)
    case failed(operation: String, path: String, reason: String)

    public var description: String {
        switch self {
        case .symlinkRefused(let path):
            return "refusing to follow the symbolic link \(TerminalText.quoted(path, limit: 200)) inside the Airlock home"
        case .notADirectory(let path):
            return "\(TerminalText.quoted(path, limit: 200)) exists but is not a directory"
        case .notAFile(let path):
            return "\(TerminalText.quoted(path, limit: 200)) exists but is not a regular file"
        case .tooPermissive(let path, let mode):
            return "\(TerminalText.quoted(path, limit: 200)) is accessible by other users (mode \(String(mode & 0o777, radix: 8))); run chmod 600 on it"
        case .missing(let path):
            return "\(TerminalText.quoted(path, limit: 200)) does not exist"
        case .tooLarge(let path, let limit):
            return "\(TerminalText.quoted(path, limit: 200)) is larger than \(limit) bytes"
        case .failed(let operation, let path, let reason):
            return "cannot \(operation) \(TerminalText.quoted(path, limit: 200)): \(reason)"
        }
    }
}
