/// A key the terminal reported.
public enum Key: Hashable, Sendable {
    /// A printable character (letters with Ctrl or Alt carry those modifiers).
    case character(Character)
    case enter, tab, backTab, backspace, delete, escape, insert
    case up, down, left, right, home, end, pageUp, pageDown
    /// F1–F12.
    case function(Int)
}

/// Modifier keys held with a key.
public struct KeyModifiers: OptionSet, Hashable, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let control = KeyModifiers(rawValue: 1 << 0)
    public static let alt = KeyModifiers(rawValue: 1 << 1)
    public static let shift = KeyModifiers(rawValue: 1 << 2)
}

/// One key press with its modifiers.
public struct KeyPress: Hashable, Sendable, CustomStringConvertible {
    /// The key.
    public let key: Key
    /// Held modifiers.
    public let modifiers: KeyModifiers

    /// Creates a key press.
    public init(_ key: Key, _ modifiers: KeyModifiers = []) {
        self.key = key
        self.modifiers = modifiers
    }

    /// A Ctrl+letter press.
    public static func control(_ letter: Character) -> KeyPress {
        KeyPress(.character(letter), .control)
    }

    /// An Alt+key press.
    public static func alt(_ key: Key) -> KeyPress {
        KeyPress(key, .alt)
    }

    /// Like `ctrl+c`, `alt+enter`, `f1`, `a`.
    public var description: String {
        var parts: [String] = []
        if modifiers.contains(.control) { parts.append("ctrl") }
        if modifiers.contains(.alt) { parts.append("alt") }
        if modifiers.contains(.shift) { parts.append("shift") }
        switch key {
        case .character(" "): parts.append("space")
        case .character(let character): parts.append(String(character))
        case .function(let number): parts.append("f\(number)")
        case .pageUp: parts.append("pgup")
        case .pageDown: parts.append("pgdn")
        case .backTab: parts.append("shift+tab")
        default: parts.append(String(describing: key))
        }
        return parts.joined(separator: "+")
    }
}

/// What the terminal reports besides keys.
public enum TerminalInput: Hashable, Sendable {
    /// A key press.
    case key(KeyPress)
    /// Text pasted with bracketed paste, verbatim (untrusted: sanitized when drawn).
    case paste(String)
    /// The terminal's new size.
    case resize(width: Int, height: Int)
}
