/// One source line and what it starts, if anything.
struct MarkdownLine {
    /// What a line is on its own.
    enum Start: Equatable {
        case blank
        case fence(marker: Character, length: Int, indent: Int, language: String?)
        case heading(level: Int, text: Substring)
        case rule
        case quote(depth: Int, text: Substring)
        case listItem(marker: String, indent: Int, text: Substring)
        case text(Substring)
    }

    /// The line without its newline (and without a `\r` before it).
    var text: Substring
    /// Where it starts, in UTF-8 bytes.
    var start: Int
    /// Whether it ended with a newline; only the last line may not.
    var isComplete: Bool

    /// The lines of `text`. An unfinished last line of only spaces is left out: it
    /// could become anything, and shows nothing yet.
    static func split(_ text: Substring) -> [MarkdownLine] {
        var lines: [MarkdownLine] = []
        var rest = text
        var offset = 0
        while !rest.isEmpty {
            let newline = rest.utf8.firstIndex(of: 0x0A)
            var line = rest[..<(newline ?? rest.endIndex)]
            let length = line.utf8.count
            if line.utf8.last == 0x0D { line = line[..<line.utf8.index(before: line.endIndex)] }
            guard let newline else {
                if !line.allSatisfy({ $0 == " " || $0 == "\t" }) {
                    lines.append(MarkdownLine(text: line, start: offset, isComplete: false))
                }
                break
            }
            lines.append(MarkdownLine(text: line, start: offset, isComplete: true))
            offset += length + 1
            rest = rest[rest.utf8.index(after: newline)...]
        }
        return lines
    }

    /// What this line starts.
    var kind: Start {
        let indent = Self.indent(of: text)
        let body = text.drop { $0 == " " || $0 == "\t" }
        guard let first = body.first else { return .blank }
        if let fence = Self.fence(body, indent: indent) { return fence }
        if indent <= 3 {
            if first == "#", let heading = Self.heading(body) { return heading }
            if Self.isRule(body) { return .rule }
            if first == ">" { return Self.quote(body) }
        }
        if let item = Self.listItem(body, indent: indent) { return item }
        return .text(body)
    }

    /// Leading columns, a tab counting 4.
    static func indent(of line: Substring) -> Int {
        var columns = 0
        for character in line {
            if character == " " { columns += 1 } else if character == "\t" { columns += 4 } else { break }
        }
        return columns
    }

    private static func fence(_ body: Substring, indent: Int) -> Start? {
        guard let marker = body.first, marker == "`" || marker == "~" else { return nil }
        let length = body.prefix { $0 == marker }.count
        guard length >= 3 else { return nil }
        let info = trimmed(body.dropFirst(length))
        if marker == "`", info.contains("`") { return nil }
        let language = info.split(separator: " ").first.map(String.init)
        return .fence(marker: marker, length: length, indent: indent, language: language)
    }

    private static func heading(_ body: Substring) -> Start? {
        let level = body.prefix { $0 == "#" }.count
        let rest = body.dropFirst(level)
        guard level <= 6, let space = rest.first, space == " " || space == "\t" else { return nil }
        var text = trimmed(rest)
        let closing = text.reversed().prefix { $0 == "#" }.count
        if closing > 0 {
            let kept = text.dropLast(closing)
            if kept.isEmpty || kept.last == " " { text = trimmed(kept) }
        }
        return .heading(level: level, text: text)
    }

    private static func isRule(_ body: Substring) -> Bool {
        guard let marker = body.first, "-*_".contains(marker) else { return false }
        var count = 0
        for character in body {
            if character == marker { count += 1 } else if character != " " && character != "\t" { return false }
        }
        return count >= 3
    }

    private static func quote(_ body: Substring) -> Start {
        var depth = 0
        var rest = body
        while rest.first == ">" {
            depth += 1
            rest = rest.dropFirst()
            if rest.first == " " { rest = rest.dropFirst() }
        }
        return .quote(depth: min(depth, 3), text: rest)
    }

    private static func listItem(_ body: Substring, indent: Int) -> Start? {
        let marker: Substring
        if let first = body.first, "-*+".contains(first) {
            marker = body.prefix(1)
        } else {
            let digits = body.prefix { $0.isASCII && $0.isNumber }
            guard (1...9).contains(digits.count), let delimiter = body.dropFirst(digits.count).first, delimiter == "." || delimiter == ")" else {
                return nil
            }
            marker = body.prefix(digits.count + 1)
        }
        let rest = body.dropFirst(marker.count)
        guard let space = rest.first, space == " " || space == "\t" else { return nil }
        return .listItem(marker: String(marker), indent: min(indent, 8), text: trimmed(rest))
    }

    /// `text` without leading and trailing spaces and tabs.
    static func trimmed(_ text: Substring) -> Substring {
        let isText: (Character) -> Bool = { $0 != " " && $0 != "\t" }
        guard let first = text.firstIndex(where: isText), let last = text.lastIndex(where: isText) else { return text[text.endIndex...] }
        return text[first...last]
    }
}
