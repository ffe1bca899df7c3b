import AirlockTUI
import CNCursesW

/// What characters, ncurses key codes, terminfo key names and escape sequences mean.
enum KeyTables {
    /// The key typed as character `value`: printable characters, Enter, Tab, Backspace,
    /// Ctrl+letters and the other control bytes. `nil` for C1 controls and non-characters.
    static func key(forCharacter value: UInt32) -> KeyPress? {
        switch value {
        case 0: return KeyPress(.character(" "), .control)
        case 8, 0x7F: return KeyPress(.backspace)
        case 9: return KeyPress(.tab)
        case 10, 13: return KeyPress(.enter)
        case 1...26: return .control(Character(Unicode.Scalar(value + 0x60)!))
        case 0x1B: return KeyPress(.escape)
        case 0x1C: return .control("\\")
        case 0x1D: return .control("]")
        case 0x1E: return .control("^")
        case 0x1F: return .control("_")
        case 0x80...0x9F: return nil
        default: return Unicode.Scalar(value).map { KeyPress(.character(Character($0))) }
        }
    }

    /// The key ncurses reports as `code`; `nil` for codes Airlock has no use for.
    static func key(forCode code: Int32) -> KeyPress? {
        switch code {
        case KEY_UP: KeyPress(.up)
        case KEY_DOWN: KeyPress(.down)
        case KEY_LEFT: KeyPress(.left)
        case KEY_RIGHT: KeyPress(.right)
        case KEY_HOME, KEY_FIND: KeyPress(.home)
        case KEY_END, KEY_SELECT: KeyPress(.end)
        case KEY_PPAGE: KeyPress(.pageUp)
        case KEY_NPAGE: KeyPress(.pageDown)
        case KEY_DC: KeyPress(.delete)
        case KEY_IC: KeyPress(.insert)
        case KEY_BACKSPACE: KeyPress(.backspace)
        case KEY_ENTER: KeyPress(.enter)
        case KEY_BTAB: KeyPress(.backTab)
        case KEY_SR: KeyPress(.up, .shift)
        case KEY_SF: KeyPress(.down, .shift)
        case KEY_SLEFT: KeyPress(.left, .shift)
        case KEY_SRIGHT: KeyPress(.right, .shift)
        case KEY_SHOME: KeyPress(.home, .shift)
        case KEY_SEND: KeyPress(.end, .shift)
        case KEY_SPREVIOUS: KeyPress(.pageUp, .shift)
        case KEY_SNEXT: KeyPress(.pageDown, .shift)
        case KEY_SDC: KeyPress(.delete, .shift)
        case KEY_SIC: KeyPress(.insert, .shift)
        case (KEY_F0 + 1)...(KEY_F0 + 63): functionKey(Int(code - KEY_F0))
        default: nil
        }
    }

    /// The key an extended terminfo capability names, like `kUP5` (Ctrl+Up) or `kDC3`
    /// (Alt+Delete); the digit is xterm's modifier parameter.
    static func key(forName name: String) -> KeyPress? {
        let bases: [(String, Key)] = [
            ("UP", .up), ("DN", .down), ("LFT", .left), ("RIT", .right), ("HOM", .home),
            ("END", .end), ("PRV", .pageUp), ("NXT", .pageDown), ("DC", .delete), ("IC", .insert),
        ]
        guard name.hasPrefix("k") else { return nil }
        let rest = name.dropFirst()
        for (base, key) in bases where rest.hasPrefix(base) {
            let digits = rest.dropFirst(base.count)
            if digits.isEmpty { return KeyPress(key, .shift) }
            guard let parameter = Int(digits), (2...8).contains(parameter) else { return nil }
            return KeyPress(key, modifiers(parameter))
        }
        return nil
    }

    /// The key an `ESC [ parameters final` sequence stands for (xterm and VT220 styles,
    /// with an optional `;modifier` parameter), when ncurses passed it through.
    static func key(forControlSequence parameters: String, final: Unicode.Scalar) -> KeyPress? {
        let fields = parameters.split(separator: ";", omittingEmptySubsequences: false)
        guard fields.count <= 2 else { return nil }
        let number = fields.first.flatMap { Int($0) }
        var modifierSet: KeyModifiers = []
        if fields.count == 2 {
            guard let parameter = Int(fields[1]), parameter >= 1 else { return nil }
            modifierSet = modifiers(parameter)
        }
        let key: Key
        switch final {
        case "~":
            guard let number, let tilde = tildeKey(number) else { return nil }
            key = tilde
        case "Z":
            guard parameters.isEmpty else { return nil }
            return KeyPress(.backTab)
        default:
            guard number == nil || number == 1, let letter = letterKey(final) else { return nil }
            key = letter
        }
        return KeyPress(key, modifierSet)
    }

    /// The key an `ESC O final` sequence stands for (application cursor and keypad keys).
    static func key(forSingleShift final: Unicode.Scalar) -> KeyPress? {
        if final == "M" { return KeyPress(.enter) }
        return letterKey(final).map { KeyPress($0) }
    }

    /// The character a key code stands for inside a paste (ncurses reads DEL as
    /// Backspace and `ESC O M` as keypad Enter).
    static func pastedCharacter(forCode code: Int32) -> Unicode.Scalar? {
        switch code {
        case KEY_BACKSPACE: "\u{7F}"
        case KEY_ENTER: "\n"
        default: nil
        }
    }

    // MARK: - Helpers

    /// xterm's modifier parameter: 1 plus shift (1), alt (2), ctrl (4) and meta (8, as alt).
    private static func modifiers(_ parameter: Int) -> KeyModifiers {
        let bits = parameter - 1
        var result: KeyModifiers = []
        if bits & 1 != 0 { result.insert(.shift) }
        if bits & 2 != 0 || bits & 8 != 0 { result.insert(.alt) }
        if bits & 4 != 0 { result.insert(.control) }
        return result
    }

    /// F1–F12, and F13–F63 as xterm numbers them: F1–F12 again with Shift, Ctrl,
    /// Ctrl+Shift, Alt, Alt+Shift.
    private static func functionKey(_ number: Int) -> KeyPress {
        let modifierSets: [KeyModifiers] = [[], .shift, .control, [.control, .shift], .alt, [.alt, .shift]]
        return KeyPress(.function((number - 1) % 12 + 1), modifierSets[(number - 1) / 12])
    }

    private static func letterKey(_ final: Unicode.Scalar) -> Key? {
        switch final {
        case "A": .up
        case "B": .down
        case "C": .right
        case "D": .left
        case "H": .home
        case "F": .end
        case "P": .function(1)
        case "Q": .function(2)
        case "R": .function(3)
        case "S": .function(4)
        default: nil
        }
    }

    private static func tildeKey(_ number: Int) -> Key? {
        switch number {
        case 1, 7: .home
        case 2: .insert
        case 3: .delete
        case 4, 8: .end
        case 5: .pageUp
        case 6: .pageDown
        case 11...15: .function(number - 10)
        case 17...21: .function(number - 11)
        case 23, 24: .function(number - 12)
        default: nil
        }
    }
}
