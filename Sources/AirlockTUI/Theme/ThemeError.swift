import AirlockCore

/// Why a theme could not be used: one line naming the theme and the key, saying what to fix.
public enum ThemeError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The name could not be a theme file's name.
    case invalidName(String)
    /// No `<name>.json` in any folder searched (listed in search order).
    case notFound(name: String, searched: [String])
    /// The file exists but could not be read.
    case unreadable(name: String, path: String)
    /// The file is not a JSON object.
    case notJSONObject(name: String)
    /// A key the format does not have (often a typo).
    case unknownKey(name: String, key: String)
    /// A required key is absent.
    case missingKey(name: String, key: String)
    /// A value that is not a colour; `value` is shown as written.
    case notAColour(name: String, key: String, value: String)
    /// `workspace_palette` is not a list, or lists nothing.
    case badPalette(name: String, value: String)

    /// The message to show, one line.
    public var description: String {
        switch self {
        case .invalidName(let name):
            "theme name \(TerminalText.quoted(name, limit: 40)) is not valid (use letters, digits, \"-\", \"_\" and \".\")"
        case .notFound(let name, let searched):
            "theme \(Self.quoted(name)): not found (looked in \(searched.isEmpty ? "no folders" : searched.joined(separator: ", ")))"
        case .unreadable(let name, let path):
            "theme \(Self.quoted(name)): cannot read \(TerminalText.sanitized(path, singleLine: true))"
        case .notJSONObject(let name):
            "theme \(Self.quoted(name)): not a JSON object (expected {\"background\": \"#1a1b26\", …})"
        case .unknownKey(let name, let key):
            "theme \(Self.quoted(name)): \(TerminalText.quoted(key, limit: 40)) is not a theme key (keys: \(ThemeFile.keys.joined(separator: ", ")))"
        case .missingKey(let name, let key):
            "theme \(Self.quoted(name)): \(key): missing (every key needs a colour)"
        case .notAColour(let name, let key, let value):
            "theme \(Self.quoted(name)): \(key): \(value) is not a colour (use #rrggbb, 0–255 or \"default\")"
        case .badPalette(let name, let value):
            "theme \(Self.quoted(name)): workspace_palette: \(value) is not a non-empty list of colours"
        }
    }

    private static func quoted(_ name: String) -> String {
        TerminalText.quoted(name, limit: 40)
    }
}
