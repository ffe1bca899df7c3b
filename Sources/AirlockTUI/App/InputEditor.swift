/// Edits the input box: pure functions over ``InputState``.
enum InputEditor {
    /// Inserts `text` at the cursor (pasted text verbatim, with CR LF and CR turned into LF).
    static func insert(_ text: String, into input: inout InputState) {
        let normalized = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        input.characters.insert(contentsOf: normalized, at: input.cursor)
        input.cursor += normalized.count
        input.historyIndex = nil
    }

    /// Deletes the character before the cursor.
    static func backspace(_ input: inout InputState) {
        guard input.cursor > 0 else { return }
        input.characters.remove(at: input.cursor - 1)
        input.cursor -= 1
    }

    /// Deletes the character at the cursor.
    static func deleteForward(_ input: inout InputState) {
        guard input.cursor < input.characters.count else { return }
        input.characters.remove(at: input.cursor)
    }

    /// Moves the cursor one character left or right.
    static func move(_ input: inout InputState, by offset: Int) {
        input.cursor = min(max(0, input.cursor + offset), input.characters.count)
    }

    /// Moves the cursor to the start or end of its line.
    static func moveToLineEdge(_ input: inout InputState, end: Bool) {
        let (start, stop) = lineBounds(input)
        input.cursor = end ? stop : start
    }

    /// Moves the cursor a word left or right.
    static func moveByWord(_ input: inout InputState, forward: Bool) {
        var index = input.cursor
        let characters = input.characters
        if forward {
            while index < characters.count, characters[index].isWhitespace { index += 1 }
            while index < characters.count, !characters[index].isWhitespace { index += 1 }
        } else {
            while index > 0, characters[index - 1].isWhitespace { index -= 1 }
            while index > 0, !characters[index - 1].isWhitespace { index -= 1 }
        }
        input.cursor = index
    }

    /// Deletes from the start of the line to the cursor.
    static func deleteToLineStart(_ input: inout InputState) {
        let (start, _) = lineBounds(input)
        input.characters.removeSubrange(start..<input.cursor)
        input.cursor = start
    }

    /// Moves the cursor to the line above or below, keeping its column where it can.
    ///
    /// - Returns: false if there is no such line (the caller may recall history instead).
    static func moveVertically(_ input: inout InputState, down: Bool) -> Bool {
        let (start, stop) = lineBounds(input)
        let column = input.cursor - start
        if down {
            guard stop < input.characters.count else { return false }
            let nextStart = stop + 1
            var nextStop = nextStart
            while nextStop < input.characters.count, input.characters[nextStop] != "\n" { nextStop += 1 }
            input.cursor = min(nextStart + column, nextStop)
        } else {
            guard start > 0 else { return false }
            let previousStop = start - 1
            var previousStart = previousStop
            while previousStart > 0, input.characters[previousStart - 1] != "\n" { previousStart -= 1 }
            input.cursor = min(previousStart + column, previousStop)
        }
        return true
    }

    /// Shows the previous (older) or next (newer) entry of `history`; past the newest
    /// entry the draft comes back.
    static func recall(_ history: [String], _ input: inout InputState, older: Bool) {
        guard !history.isEmpty else { return }
        let current = input.historyIndex
        let next: Int?
        if older {
            next = max(0, (current ?? history.count) - 1)
            if current == nil { input.draft = input.characters }
        } else {
            guard let current else { return }
            next = current + 1 < history.count ? current + 1 : nil
        }
        input.historyIndex = next
        input.characters = next.map { Array(history[$0]) } ?? input.draft
        input.cursor = input.characters.count
    }

    /// Empties the box.
    static func clear(_ input: inout InputState) {
        input = InputState()
    }

    private static func lineBounds(_ input: InputState) -> (Int, Int) {
        var start = input.cursor
        while start > 0, input.characters[start - 1] != "\n" { start -= 1 }
        var stop = input.cursor
        while stop < input.characters.count, input.characters[stop] != "\n" { stop += 1 }
        return (start, stop)
    }
}
