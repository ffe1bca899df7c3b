import AirlockTestSupport
import AirlockTUI
import Foundation
import Testing

/// Finding themes by name: search order, listing, errors and the built-in fallback.
@Suite struct ThemeLibraryTests {
    private let folder: TemporaryDirectory

    init() throws {
        folder = try TemporaryDirectory(prefix: "airlock-themes")
    }

    /// Writes `<name>.json` into `directory` (created if needed): the shipped dark theme
    /// with `accent` set, or `contents` as given.
    @discardableResult
    private func write(_ name: String, in directory: String, accent: Int = 75, contents: String? = nil) throws -> String {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let dark = try String(contentsOf: ThemeFileTests.themesFolder.appendingPathComponent("dark.json"), encoding: .utf8)
        let text = contents ?? dark.replacingOccurrences(of: "\"accent\": \"#7aa2f7\"", with: "\"accent\": \(accent)")
        let path = directory + "/" + name + ".json"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    private func makeFolder(_ relative: String) throws -> String {
        let path = folder.appending(relative)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    // MARK: - Search order

    @Test func theUserFolderIsUnderXDGConfigHomeElseHome() {
        #expect(ThemeLibrary.userDirectory(environment: ["XDG_CONFIG_HOME": "/c", "HOME": "/h"]) == "/c/airlock/themes")
        #expect(ThemeLibrary.userDirectory(environment: ["XDG_CONFIG_HOME": "relative", "HOME": "/h"]) == "/h/.config/airlock/themes")
        #expect(ThemeLibrary.userDirectory(environment: [:]) == nil)
    }

    @Test func anInstalledFolderFromTheEnvironmentWins() throws {
        let share = try makeFolder("prefix/share/airlock/themes")
        let found = ThemeLibrary.installedDirectory(environment: ["AIRLOCK_THEMES_DIR": "/opt/themes"], executablePath: folder.appending("prefix/bin/airlock"))
        #expect(found == "/opt/themes")
        #expect(ThemeLibrary.installedDirectory(environment: ["AIRLOCK_THEMES_DIR": ""], executablePath: folder.appending("prefix/bin/airlock")) == share)
    }

    @Test func theShareFolderBesideTheExecutablesBinIsNext() throws {
        let share = try makeFolder("prefix/share/airlock/themes")
        _ = try makeFolder("prefix/Themes")
        #expect(ThemeLibrary.installedDirectory(environment: [:], executablePath: folder.appending("prefix/bin/airlock")) == share)
    }

    @Test func elseTheNearestThemesFolderAboveTheExecutableIsUsed() throws {
        let themes = try makeFolder("checkout/Themes")
        _ = try makeFolder("Themes")
        #expect(ThemeLibrary.installedDirectory(environment: [:], executablePath: folder.appending("checkout/.build/debug/airlock")) == themes)
    }

    @Test func symbolicLinksToTheExecutableAreFollowed() throws {
        let share = try makeFolder("real/share/airlock/themes")
        _ = try makeFolder("real/bin")
        _ = try makeFolder("links")
        try FileManager.default.createSymbolicLink(atPath: folder.appending("links/airlock"), withDestinationPath: folder.appending("real/bin/airlock"))
        #expect(FileManager.default.createFile(atPath: folder.appending("real/bin/airlock"), contents: Data()))
        #expect(ThemeLibrary.installedDirectory(environment: [:], executablePath: folder.appending("links/airlock")) == share)
    }

    @Test func aDevelopmentBuildFindsTheCheckoutsThemes() throws {
        let checkout = ThemeFileTests.themesFolder.deletingLastPathComponent()
        let executable = checkout.appendingPathComponent(".build/debug/airlock").path
        let found = try #require(ThemeLibrary.installedDirectory(environment: [:], executablePath: executable))
        #expect(URL(fileURLWithPath: found).resolvingSymlinksInPath() == ThemeFileTests.themesFolder.resolvingSymlinksInPath())
        let library = ThemeLibrary(environment: [:], executablePath: executable)
        #expect(try library.load(ThemeLibrary.defaultName).name == "dark")
    }

    @Test func theUserFolderIsSearchedBeforeTheInstalledOne() throws {
        let installed = try makeFolder("prefix/share/airlock/themes")
        try write("ocean", in: installed, accent: 1)
        try write("dark", in: installed, accent: 2)
        try write("ocean", in: folder.appending("config/airlock/themes"), accent: 3)
        let library = ThemeLibrary(environment: ["XDG_CONFIG_HOME": folder.appending("config")], executablePath: folder.appending("prefix/bin/airlock"))
        #expect(library.directories == [folder.appending("config/airlock/themes"), installed])
        #expect(try library.load("ocean").accent == .indexed(3))
        #expect(try library.load("dark").accent == .indexed(2))
    }

    // MARK: - Listing

    @Test func namesListsEveryFolderOnceSortedSkippingOtherFiles() throws {
        let user = folder.appending("user")
        let installed = folder.appending("installed")
        try write("ocean", in: user)
        try write("dark", in: user)
        try write("dark", in: installed)
        try write("light", in: installed)
        try "# Themes".write(toFile: installed + "/README.md", atomically: true, encoding: .utf8)
        try write(".hidden", in: installed)
        let library = ThemeLibrary(directories: [user, installed, folder.appending("missing")])
        #expect(library.names() == ["dark", "light", "ocean"])
    }

    // MARK: - Errors and fallback

    @Test func anUnknownThemeListsTheFoldersSearched() {
        let library = ThemeLibrary(directories: ["/nowhere/a", "/nowhere/b"])
        #expect(throws: ThemeError.notFound(name: "ocean", searched: ["/nowhere/a", "/nowhere/b"])) { try library.load("ocean") }
        #expect(ThemeError.notFound(name: "ocean", searched: ["/a", "/b"]).description == #"theme "ocean": not found (looked in /a, /b)"#)
    }

    @Test func aNameThatCouldEscapeTheFolderIsRejected() throws {
        try write("secret", in: folder.path)
        let library = ThemeLibrary(directories: [folder.appending("themes")])
        for name in ["../secret", "a/b", ".hidden", "", String(repeating: "x", count: 65)] {
            #expect(throws: ThemeError.invalidName(name)) { try library.load(name) }
        }
        #expect(ThemeError.invalidName("../x").description == #"theme name "../x" is not valid (use letters, digits, "-", "_" and ".")"#)
    }

    @Test func aBrokenUserThemeIsReportedNotSkipped() throws {
        let user = folder.appending("user")
        let installed = folder.appending("installed")
        let dark = try String(contentsOf: ThemeFileTests.themesFolder.appendingPathComponent("dark.json"), encoding: .utf8)
        try write("ocean", in: user, contents: dark.replacingOccurrences(of: "\"border\": \"#414868\"", with: "\"border\": \"#12345\""))
        try write("ocean", in: installed)
        let choice = ThemeLibrary(directories: [user, installed]).loadOrBuiltIn("ocean")
        #expect(choice.theme == .builtIn)
        #expect(choice.error?.description == ##"theme "ocean": border: "#12345" is not a colour (use #rrggbb, 0–255 or "default")"##)
    }

    @Test func aMissingThemeFallsBackToTheBuiltInWithTheError() {
        let choice = ThemeLibrary(directories: [folder.path]).loadOrBuiltIn("ocean")
        #expect(choice.theme == .builtIn)
        #expect(choice.error == .notFound(name: "ocean", searched: [folder.path]))
    }

    @Test func aGoodThemeLoadsWithoutAnError() throws {
        try write("ocean", in: folder.path, accent: 42)
        let choice = ThemeLibrary(directories: [folder.path]).loadOrBuiltIn("ocean")
        #expect(choice.error == nil)
        #expect(choice.theme.name == "ocean")
        #expect(choice.theme.accent == .indexed(42))
    }
}
