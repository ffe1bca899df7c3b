import AirlockCore

/// Failures of the command line itself, each a message the user can act on.
enum CLIError: Error, CustomStringConvertible {
    case noToken(WorkspaceID)
    case confirmationRequired(WorkspaceID)
    case standardInputIsTerminal(what: String, hint: String)
    case standardInputNotUTF8
    case standardInputTooLarge(limit: Int)
    case emptyInput(what: String)
    case auditBroken(AuditBreak)

    var description: String {
        switch self {
        case .noToken(let id):
            return "no token for workspace \(id): set AIRLOCK_TOKEN or run `airlock workspace join \(id)`"
        case .confirmationRequired(let id):
            return "refusing to delete workspace \(id) and all its data without --yes"
        case .standardInputIsTerminal(let what, let hint):
            return "expected \(what) on stdin, but stdin is a terminal; \(hint)"
        case .standardInputNotUTF8:
            return "stdin is not valid UTF-8 text"
        case .standardInputTooLarge(let limit):
            return "stdin holds more than \(limit) bytes"
        case .emptyInput(let what):
            return "\(what) is empty"
        case .auditBroken(let failure):
            return failure.description
        }
    }
}
