/// Makes untrusted text safe to put on a terminal.
///
/// Memory, transcripts, model output and tool output can carry escape sequences that
/// retitle windows, clear screens or recolour text, and bidirectional overrides that make
/// text read differently from how it is stored. None of that may reach the screen raw.
public enum TerminalText {
    /// Returns `text` with every control character replaced by a visible stand-in.
    ///
    /// C0 controls become their Unicode control pictures (`ESC` → `␛`), `DEL` becomes `␡`,
    /// C1 controls and bidirectional formatting characters become `�`. Newlines and tabs are
    /// kept unless `singleLine` is set, in which case they become `␤` and a space.
    public static func sanitized(_ text: String, singleLine: Bool = false) -> String {
        guard text.unicodeScalars.contains(where: needsReplacement) else { return text }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x0A where !singleLine, 0x09 where !singleLine:
                result.append(scalar)
            case 0x0A:
                result.append("\u{2424}")
            case 0x09:
                result.append(" ")
            case 0x00...0x1F:
                result.append(Unicode.Scalar(0x2400 + scalar.value)!)
            case 0x7F:
                result.append("\u{2421}")
            default:
                result.append(needsReplacement(scalar) ? "\u{FFFD}" : scalar)
            }
        }
        return String(result)
    }

    /// Returns `text` in double quotes for an error message: sanitized to one line,
    /// quotes and backslashes escaped, and cut to `limit` characters.
    public static func quoted(_ text: String, limit: Int = 80) -> String {
        var escaped = ""
        for character in text.prefix(limit) {
            switch character {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            default: escaped += sanitized(String(character), singleLine: true)
            }
        }
        return "\"" + escaped + (text.count > limit ? "…" : "") + "\""
    }

    /// Whether `scalar` must not reach a terminal as it is.
    public static func needsReplacement(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: return true
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }
}
