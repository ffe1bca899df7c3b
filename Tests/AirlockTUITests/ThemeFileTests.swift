import AirlockAgent
import AirlockTUI
import Foundation
import Testing

/// Theme files: the shipped themes, colour forms, and one-line errors.
@Suite struct ThemeFileTests {
    /// The checkout's `Themes/` folder.
    static let themesFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Themes")

    static var shippedNames: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: themesFolder.path)) ?? [])
            .filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
    }

    private static func shipped(_ name: String) throws -> Theme {
        try ThemeFile.parse(try Data(contentsOf: themesFolder.appendingPathComponent(name + ".json")), name: name)
    }

    /// A valid theme file as JSON members, with `changes` applied (nil removes a key).
    private func file(_ changes: [String: String?] = [:]) -> Data {
        var members: [String: String] = [
            "background": "\"default\"", "foreground": "\"#c0caf5\"", "accent": "75", "muted": "\"#888\"", "user": "117",
            "assistant": "\"default\"", "tool": "179", "code": "151", "warning": "214", "error": "203",
            "selection": "238", "border": "240", "workspace_palette": "[75, \"#abc\"]",
        ]
        for (key, value) in changes { members[key] = value }
        return Data(("{" + members.sorted { $0.key < $1.key }.map { "\"\($0.key)\": \($0.value)" }.joined(separator: ", ") + "}").utf8)
    }

    private func error(_ data: Data) -> String? {
        do {
            _ = try ThemeFile.parse(data, name: "ocean")
            return nil
        } catch {
            return error.description
        }
    }

    // MARK: - Shipped themes

    @Test func theFourShippedThemesAreThere() {
        #expect(Set(["dark", "light", "high-contrast", "16-colour"]).isSubset(of: Self.shippedNames))
    }

    @Test(arguments: shippedNames)
    func everyShippedThemeParses(name: String) throws {
        let theme = try Self.shipped(name)
        #expect(theme.name == name)
        #expect(!theme.workspacePalette.isEmpty)
    }

    @Test func theSixteenColourThemeUsesOnlyTheTerminalsOwnColours() throws {
        let theme = try Self.shipped("16-colour")
        let colours = [theme.background, theme.foreground, theme.accent, theme.muted, theme.user, theme.assistant, theme.tool,
                       theme.code, theme.warning, theme.error, theme.selection, theme.border] + theme.workspacePalette
        for colour in colours {
            switch colour {
            case .default: break
            case .indexed(let index): #expect(index < 16)
            case .rgb: Issue.record("16-colour uses a 24-bit colour")
            }
        }
    }

    @Test func darkIsTheDefaultAndPaintsItsOwnBackground() throws {
        #expect(ThemeLibrary.defaultName == "dark")
        let dark = try Self.shipped("dark")
        #expect(dark.background == .rgb(0x1A, 0x1B, 0x26))
        #expect(dark.foreground != .default)
    }

    @Test(arguments: ["dark", "light", "high-contrast"])
    func textColoursAreReadableOnTheBackground(name: String) throws {
        let theme = try Self.shipped(name)
        #expect(contrast(theme.foreground, theme.background) >= 7)
        #expect(contrast(theme.foreground, theme.selection) >= 4.5)
        for (role, colour) in [("muted", theme.muted), ("accent", theme.accent), ("user", theme.user), ("assistant", theme.assistant),
                               ("tool", theme.tool), ("code", theme.code), ("warning", theme.warning), ("error", theme.error)] {
            #expect(contrast(colour, theme.background) >= 4.5, "\(name).\(role)")
        }
    }

    /// The WCAG contrast ratio of two 24-bit colours (0 for any other colour).
    private func contrast(_ first: Color, _ second: Color) -> Double {
        func luminance(_ colour: Color) -> Double? {
            guard case .rgb(let red, let green, let blue) = colour else { return nil }
            let linear = [red, green, blue].map { channel -> Double in
                let value = Double(channel) / 255
                return value <= 0.03928 ? value / 12.92 : pow((value + 0.055) / 1.055, 2.4)
            }
            return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
        }
        guard let a = luminance(first), let b = luminance(second) else { return 0 }
        return (max(a, b) + 0.05) / (min(a, b) + 0.05)
    }

    // MARK: - Colour forms

    @Test func coloursMayBeHexShortHexIndexOrDefault() throws {
        let theme = try ThemeFile.parse(file(["accent": "\"#7AA2F7\"", "muted": "\"#fa0\"", "tool": "0", "code": "255", "border": "\"DEFAULT\""]), name: "ocean")
        #expect(theme.name == "ocean")
        #expect(theme.accent == .rgb(0x7A, 0xA2, 0xF7))
        #expect(theme.muted == .rgb(0xFF, 0xAA, 0x00))
        #expect(theme.tool == .indexed(0))
        #expect(theme.code == .indexed(255))
        #expect(theme.border == .default)
        #expect(theme.workspacePalette == [.indexed(75), .rgb(0xAA, 0xBB, 0xCC)])
    }

    @Test func colourValuesThatAreNotColoursAreRejected() {
        for value: JSONValue in [.string("#12345"), .string("#ggg"), .string("blue"), .string("12"), .number(256), .number(-1), .number(1.5), .bool(true), .null] {
            #expect(ThemeFile.colour(value) == nil, "\(value)")
        }
    }

    // MARK: - Errors

    @Test func aBadColourNamesTheThemeAndTheKey() {
        #expect(error(file(["border": "\"#12345\""])) == ##"theme "ocean": border: "#12345" is not a colour (use #rrggbb, 0–255 or "default")"##)
        #expect(error(file(["accent": "256"])) == #"theme "ocean": accent: 256 is not a colour (use #rrggbb, 0–255 or "default")"#)
        #expect(error(file(["tool": "1.5"])) == #"theme "ocean": tool: 1.5 is not a colour (use #rrggbb, 0–255 or "default")"#)
        #expect(error(file(["user": "true"])) == #"theme "ocean": user: true is not a colour (use #rrggbb, 0–255 or "default")"#)
    }

    @Test func aBadPaletteEntryNamesItsPosition() {
        #expect(error(file(["workspace_palette": "[75, \"blue\"]"])) == #"theme "ocean": workspace_palette[1]: "blue" is not a colour (use #rrggbb, 0–255 or "default")"#)
    }

    @Test func aPaletteMustBeANonEmptyList() {
        #expect(error(file(["workspace_palette": "[]"])) == #"theme "ocean": workspace_palette: [] is not a non-empty list of colours"#)
        #expect(error(file(["workspace_palette": "\"#fff\""])) == ##"theme "ocean": workspace_palette: "#fff" is not a non-empty list of colours"##)
    }

    @Test func aMissingKeyIsNamed() {
        #expect(error(file(["tool": nil])) == #"theme "ocean": tool: missing (every key needs a colour)"#)
        #expect(error(file(["workspace_palette": nil])) == #"theme "ocean": workspace_palette: missing (every key needs a colour)"#)
    }

    @Test func anUnknownKeyIsReportedBeforeTheKeyItMisspells() {
        let message = error(file(["foreground": nil, "forground": "\"#fff\""]))
        #expect(message?.hasPrefix(#"theme "ocean": "forground" is not a theme key (keys: background, foreground, "#) == true)
    }

    @Test func aFileThatIsNotAJSONObjectSaysSo() {
        let expected = ##"theme "ocean": not a JSON object (expected {"background": "#1a1b26", …})"##
        #expect(error(Data("{ \"background\": ".utf8)) == expected)
        #expect(error(Data("[1, 2]".utf8)) == expected)
        #expect(error(Data()) == expected)
    }

    @Test func errorsAreOneLineEvenForHostileValues() {
        let message = error(file(["border": "\"\\u001b[2J\\n#fff\""]))
        #expect(message?.contains("\n") == false)
        #expect(message?.unicodeScalars.contains("\u{1B}") == false)
    }
}
