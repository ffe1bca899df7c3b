import AirlockAgent
import AirlockCore
import Foundation

/// Theme files: a JSON object giving a colour to each role of ``Theme``.
///
/// ```json
/// {
///   "background": "#1a1b26", "foreground": "#c0caf5", "accent": "#7aa2f7",
///   "muted": "#8089b3", "user": "#7dcfff", "assistant": "#c0caf5", "tool": "#e0af68",
///   "code": "#9ece6a", "warning": "#ff9e64", "error": "#f7768e", "selection": "#2e3c64",
///   "border": "#3b4261", "workspace_palette": ["#7aa2f7", "#9ece6a", 213, "default"]
/// }
/// ```
///
/// A colour is `"#rrggbb"`, `"#rgb"`, an integer 0–255 (the terminal's indexed colours:
/// 0–15 are its own palette) or `"default"` (the terminal's own colour). Every key is
/// required and no other key is allowed, so a typo is reported rather than ignored.
public enum ThemeFile {
    /// The keys of a theme file, all required, in the order they are checked.
    public static let keys = [
        "background", "foreground", "accent", "muted", "user", "assistant", "tool", "code",
        "warning", "error", "selection", "border", "workspace_palette",
    ]

    /// Reads the theme called `name` from the JSON `data`.
    ///
    /// - Throws: ``ThemeError`` for the first problem: an unknown key (alphabetically
    ///   first), else keys checked in the order of ``keys``.
    public static func parse(_ data: Data, name: String) throws(ThemeError) -> Theme {
        guard let value = try? JSONDecoder().decode(JSONValue.self, from: data), case .object(let members) = value else {
            throw .notJSONObject(name: name)
        }
        if let unknown = members.keys.filter({ !keys.contains($0) }).min() {
            throw .unknownKey(name: name, key: unknown)
        }
        func colour(_ key: String) throws(ThemeError) -> Color {
            guard let value = members[key] else { throw .missingKey(name: name, key: key) }
            return try parseColour(value, theme: name, key: key)
        }
        let background = try colour("background"), foreground = try colour("foreground"), accent = try colour("accent")
        let muted = try colour("muted"), user = try colour("user"), assistant = try colour("assistant"), tool = try colour("tool")
        let code = try colour("code"), warning = try colour("warning"), error = try colour("error")
        let selection = try colour("selection"), border = try colour("border")
        guard let paletteValue = members["workspace_palette"] else { throw .missingKey(name: name, key: "workspace_palette") }
        guard case .array(let items) = paletteValue, !items.isEmpty else { throw .badPalette(name: name, value: shown(paletteValue)) }
        var palette: [Color] = []
        for (index, item) in items.enumerated() {
            palette.append(try parseColour(item, theme: name, key: "workspace_palette[\(index)]"))
        }
        return Theme(name: name, background: background, foreground: foreground, accent: accent, muted: muted, user: user,
                     assistant: assistant, tool: tool, code: code, warning: warning, error: error, selection: selection,
                     border: border, workspacePalette: palette)
    }

    /// The colour `value` writes — `"#rrggbb"`, `"#rgb"`, an integer 0–255 or `"default"` —
    /// or nil if it is none of those.
    public static func colour(_ value: JSONValue) -> Color? {
        switch value {
        case .number(let number):
            guard number.rounded() == number, (0...255).contains(number) else { return nil }
            return .indexed(UInt8(number))
        case .string(let text):
            if text.lowercased() == "default" { return .default }
            guard text.hasPrefix("#") else { return nil }
            let digits = Array(text.dropFirst())
            guard digits.count == 3 || digits.count == 6, digits.allSatisfy({ $0.isASCII && $0.isHexDigit }) else { return nil }
            let pairs = digits.count == 3 ? digits.map { [$0, $0] } : stride(from: 0, to: 6, by: 2).map { Array(digits[$0...$0 + 1]) }
            let channels = pairs.map { UInt8(String($0), radix: 16)! }
            return .rgb(channels[0], channels[1], channels[2])
        default:
            return nil
        }
    }

    private static func parseColour(_ value: JSONValue, theme: String, key: String) throws(ThemeError) -> Color {
        guard let colour = colour(value) else { throw .notAColour(name: theme, key: key, value: shown(value)) }
        return colour
    }

    /// `value` as an error message shows it.
    private static func shown(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): TerminalText.quoted(text, limit: 40)
        case .number(let number): number.rounded() == number && abs(number) < 1e15 ? String(Int64(number)) : String(number)
        case .bool(let flag): String(flag)
        case .null: "null"
        case .array(let items): items.isEmpty ? "[]" : "a list"
        case .object: "an object"
        }
    }
}
