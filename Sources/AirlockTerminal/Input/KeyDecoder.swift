import AirlockTUI

/// Turns what ncurses reads into key presses, pastes and resizes.
///
/// ncurses recognises the keys its terminfo entry describes; everything else arrives as
/// characters: Alt+key as ESC then the key, bracketed paste as `ESC[200~` … `ESC[201~`,
/// and sequences from terminals that disagree with terminfo (`ESC[A`, `ESC[1;5C`). This
/// decoder is a pure state machine over those reports, so it is tested without a terminal.
///
/// After an ESC it needs to know whether more follows: while `isAwaitingMore` is true the
/// reader waits up to the escape delay for the next report and calls `timeOut()` if none
/// comes, which makes a lone ESC the Escape key. A paste stays open across any number of
/// reads and timeouts until its end marker arrives.
public struct KeyDecoder: Sendable {
    private enum State: Sendable {
        case ground
        case escape
        case controlSequence(String)
        case singleShift
        case paste
    }

    private static let pasteEnd: [Unicode.Scalar] = ["\u{1B}", "[", "2", "0", "1", "~"]
    private static let longestControlSequence = 16

    private var state = State.ground
    private var pasted = String.UnicodeScalarView()

    /// A decoder expecting a new key.
    public init() {}

    /// Whether an escape sequence has begun: the reader should wait up to the escape delay
    /// for more, then call `timeOut()`.
    public var isAwaitingMore: Bool {
        switch state {
        case .escape, .controlSequence, .singleShift: true
        case .ground, .paste: false
        }
    }

    /// Whether a bracketed paste has begun and not ended.
    public var isInPaste: Bool {
        if case .paste = state { true } else { false }
    }

    /// Decodes one report, returning the inputs it completes (often one, sometimes none).
    public mutating func feed(_ input: CursesInput) -> [TerminalInput] {
        switch state {
        case .ground: return ground(input)
        case .escape: return afterEscape(input)
        case .controlSequence(let parameters): return inControlSequence(parameters, input)
        case .singleShift: return afterSingleShift(input)
        case .paste: return inPaste(input)
        }
    }

    /// Tells the decoder nothing followed within the escape delay: a pending ESC is the
    /// Escape key and a pending `ESC[` is Alt+`[`. An open paste stays open.
    public mutating func timeOut() -> [TerminalInput] {
        switch state {
        case .escape:
            state = .ground
            return [.key(KeyPress(.escape))]
        case .controlSequence(let parameters):
            state = .ground
            return abandoned(parameters)
        case .singleShift:
            state = .ground
            return [.key(.alt(.character("O")))]
        case .ground, .paste:
            return []
        }
    }

    // MARK: - States

    private mutating func ground(_ input: CursesInput) -> [TerminalInput] {
        switch input {
        case .character(0x1B):
            state = .escape
            return []
        case .character(let value):
            return KeyTables.key(forCharacter: value).map { [.key($0)] } ?? []
        case .keyCode(let code):
            return KeyTables.key(forCode: code).map { [.key($0)] } ?? []
        case .namedKey(let name):
            return KeyTables.key(forName: name).map { [.key($0)] } ?? []
        case .resized(let width, let height):
            return [.resize(width: width, height: height)]
        }
    }

    private mutating func afterEscape(_ input: CursesInput) -> [TerminalInput] {
        let key: KeyPress?
        switch input {
        case .character(0x1B):
            return [.key(KeyPress(.escape))]
        case .character(0x5B):
            state = .controlSequence("")
            return []
        case .character(0x4F):
            state = .singleShift
            return []
        case .character(let value):
            key = KeyTables.key(forCharacter: value)
        case .keyCode(let code):
            key = KeyTables.key(forCode: code)
        case .namedKey(let name):
            key = KeyTables.key(forName: name)
        case .resized:
            state = .ground
            return [.key(KeyPress(.escape))] + ground(input)
        }
        state = .ground
        return key.map { [.key(KeyPress($0.key, $0.modifiers.union(.alt)))] } ?? []
    }

    private mutating func inControlSequence(_ parameters: String, _ input: CursesInput) -> [TerminalInput] {
        guard case .character(let value) = input, let scalar = Unicode.Scalar(value), (0x20...0x7E).contains(value) else {
            state = .ground
            return abandoned(parameters) + ground(input)
        }
        if value < 0x40 {
            guard parameters.unicodeScalars.count < Self.longestControlSequence else {
                state = .ground
                return []
            }
            state = .controlSequence(parameters + String(scalar))
            return []
        }
        state = .ground
        if parameters == "200", scalar == "~" {
            state = .paste
            pasted = String.UnicodeScalarView()
            return []
        }
        if let key = KeyTables.key(forControlSequence: parameters, final: scalar) { return [.key(key)] }
        // `ESC [` then a letter nothing defines: Alt+[ typed just before that letter.
        return parameters.isEmpty ? abandoned("") + ground(input) : []
    }

    private mutating func afterSingleShift(_ input: CursesInput) -> [TerminalInput] {
        state = .ground
        if case .character(let value) = input, let scalar = Unicode.Scalar(value), let key = KeyTables.key(forSingleShift: scalar) {
            return [.key(key)]
        }
        return [.key(.alt(.character("O")))] + ground(input)
    }

    private mutating func inPaste(_ input: CursesInput) -> [TerminalInput] {
        switch input {
        case .character(let value):
            guard let scalar = Unicode.Scalar(value) else { return [] }
            pasted.append(scalar)
        case .keyCode(let code):
            // Bytes of the pasted text that ncurses took for keys.
            guard let scalar = KeyTables.pastedCharacter(forCode: code) else { return [] }
            pasted.append(scalar)
        case .namedKey:
            return []
        case .resized(let width, let height):
            return [.resize(width: width, height: height)]
        }
        guard pasted.count >= Self.pasteEnd.count, pasted.suffix(Self.pasteEnd.count).elementsEqual(Self.pasteEnd) else { return [] }
        pasted.removeLast(Self.pasteEnd.count)
        state = .ground
        let text = Self.unifyingLineBreaks(pasted)
        pasted = String.UnicodeScalarView()
        return [.paste(text)]
    }

    // MARK: - Helpers

    /// What an unfinished `ESC [` sequence was typed as: Alt+[ and then its characters.
    private func abandoned(_ parameters: String) -> [TerminalInput] {
        [.key(.alt(.character("[")))] + parameters.unicodeScalars.compactMap { KeyTables.key(forCharacter: $0.value).map(TerminalInput.key) }
    }

    /// Terminals send pasted line breaks as CR; the text had LF (or CRLF).
    private static func unifyingLineBreaks(_ scalars: String.UnicodeScalarView) -> String {
        var result = String.UnicodeScalarView()
        var afterCarriageReturn = false
        for scalar in scalars {
            if scalar == "\n", afterCarriageReturn {
                afterCarriageReturn = false
                continue
            }
            afterCarriageReturn = scalar == "\r"
            result.append(afterCarriageReturn ? "\n" : scalar)
        }
        return String(result)
    }
}
