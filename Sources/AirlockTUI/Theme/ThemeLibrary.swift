import Foundation

/// Finds theme files by name, lists them, and loads them with a fallback.
///
/// Folders are searched in order and the first `<name>.json` wins, so a user's theme
/// overrides an installed one of the same name:
/// 1. the user's themes: `$XDG_CONFIG_HOME/airlock/themes`, else `~/.config/airlock/themes`;
/// 2. the installed themes: `$AIRLOCK_THEMES_DIR` if set, else
///    `<executable's folder>/../share/airlock/themes` if it exists, else the nearest
///    `Themes/` folder walking up from the executable's folder (a development build in
///    `.build/debug` finds the checkout's `Themes/`).
///
/// Nothing is read from the process: the environment and the executable's path are
/// parameters.
public struct ThemeLibrary: Sendable, Equatable {
    /// The theme used when the configuration names none.
    public static let defaultName = "dark"
    /// The folders searched, in order.
    public let directories: [String]

    /// A library searching `directories` in order.
    public init(directories: [String]) {
        self.directories = directories
    }

    /// The standard search order for `environment` and the running executable's path.
    public init(environment: [String: String], executablePath: String?) {
        self.init(directories: [
            Self.userDirectory(environment: environment),
            Self.installedDirectory(environment: environment, executablePath: executablePath),
        ].compactMap { $0 })
    }

    /// `$XDG_CONFIG_HOME/airlock/themes`, else `$HOME/.config/airlock/themes` (each only if
    /// absolute); nil if neither is set.
    public static func userDirectory(environment: [String: String]) -> String? {
        if let config = environment["XDG_CONFIG_HOME"], config.hasPrefix("/") { return config + "/airlock/themes" }
        if let home = environment["HOME"], home.hasPrefix("/") { return home + "/.config/airlock/themes" }
        return nil
    }

    /// `$AIRLOCK_THEMES_DIR` if set; else `<executable's folder>/../share/airlock/themes` if
    /// it is a folder; else the nearest `Themes/` folder at or above the executable's
    /// folder; else nil. Symbolic links in `executablePath` are resolved first.
    public static func installedDirectory(environment: [String: String], executablePath: String?) -> String? {
        if let configured = environment["AIRLOCK_THEMES_DIR"], !configured.isEmpty { return configured }
        guard let executablePath, !executablePath.isEmpty else { return nil }
        var folder = URL(fileURLWithPath: executablePath).resolvingSymlinksInPath().deletingLastPathComponent()
        let shared = folder.deletingLastPathComponent().appendingPathComponent("share/airlock/themes").standardizedFileURL
        if isFolder(shared.path) { return shared.path }
        while true {
            let candidate = folder.appendingPathComponent("Themes")
            if isFolder(candidate.path) { return candidate.path }
            if folder.path == "/" || folder.path.isEmpty { return nil }
            folder.deleteLastPathComponent()
        }
    }

    /// Whether `name` can name a theme file: 1–64 letters, digits, `-`, `_` or `.`, not
    /// starting with `.` (so no path can be smuggled in).
    public static func isValidName(_ name: String) -> Bool {
        (1...64).contains(name.count) && !name.hasPrefix(".")
            && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }
    }

    /// The names of the themes in every folder, sorted, each once.
    public func names() -> [String] {
        var names = Set<String>()
        for directory in directories {
            for file in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] where file.hasSuffix(".json") {
                let name = String(file.dropLast(5))
                if Self.isValidName(name) { names.insert(name) }
            }
        }
        return names.sorted()
    }

    /// The file of the theme called `name`: the first folder's that has one.
    public func path(of name: String) -> String? {
        guard Self.isValidName(name) else { return nil }
        return directories.lazy.map { $0 + "/" + name + ".json" }.first { FileManager.default.fileExists(atPath: $0) }
    }

    /// Loads the theme called `name`.
    ///
    /// - Throws: ``ThemeError`` if the name is invalid, no folder has it, or the file is
    ///   broken (a broken user theme is reported, not skipped).
    public func load(_ name: String) throws(ThemeError) -> Theme {
        guard Self.isValidName(name) else { throw .invalidName(name) }
        guard let path = path(of: name) else { throw .notFound(name: name, searched: directories) }
        guard let data = FileManager.default.contents(atPath: path) else { throw .unreadable(name: name, path: path) }
        return try ThemeFile.parse(data, name: name)
    }

    /// The theme called `name`, or ``Theme/builtIn`` with the error to show when it
    /// cannot be loaded.
    public func loadOrBuiltIn(_ name: String) -> ThemeChoice {
        do {
            return ThemeChoice(theme: try load(name), error: nil)
        } catch {
            return ThemeChoice(theme: .builtIn, error: error)
        }
    }

    private static func isFolder(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}

/// The theme to use, and the problem to show if it is not the one asked for.
public struct ThemeChoice: Sendable, Equatable {
    /// The theme loaded, or ``Theme/builtIn``.
    public let theme: Theme
    /// Why the theme asked for could not be used, if it could not.
    public let error: ThemeError?

    /// Creates a choice.
    public init(theme: Theme, error: ThemeError?) {
        self.theme = theme
        self.error = error
    }
}
