/// Why a string was refused as an identifier.
///
/// Every case names the kind of identifier and what was wrong, with the offending input
/// shown escaped so that control characters or look-alikes cannot disturb the terminal.
public enum IdentifierError: Error, Equatable, Sendable, CustomStringConvertible {
    case empty(kind: String)
    case tooLong(kind: String, length: Int, limit: Int)
    case tooShort(kind: String, input: String, minimum: Int)
    case nonASCII(kind: String, input: String, scalar: Unicode.Scalar)
    case invalidCharacter(kind: String, input: String, character: Character)
    case invalidStart(kind: String, input: String)

    public var description: String {
        switch self {
        case .empty(let kind):
            return "\(kind) is empty"
        case .tooLong(let kind, let length, let limit):
            return "\(kind) is \(length) characters long; the limit is \(limit)"
        case .tooShort(let kind, let input, let minimum):
            return "\(kind) \(TerminalText.quoted(input)) is too short; it needs at least \(minimum) characters"
        case .nonASCII(let kind, let input, let scalar):
            let code = String(scalar.value, radix: 16, uppercase: true)
            return "\(kind) \(TerminalText.quoted(input)) contains the non-ASCII character U+\(String(repeating: "0", count: max(0, 4 - code.count)))\(code); only a-z, 0-9 and '-' are allowed"
        case .invalidCharacter(let kind, let input, let character):
            return "\(kind) \(TerminalText.quoted(input)) contains \(TerminalText.quoted(String(character))); only a-z, 0-9 and '-' are allowed"
        case .invalidStart(let kind, let input):
            return "\(kind) \(TerminalText.quoted(input)) must start with a lowercase letter or a digit"
        }
    }
}
