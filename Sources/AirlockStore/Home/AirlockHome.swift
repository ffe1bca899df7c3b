import AirlockCore
import Foundation

/// The data directory of one Airlock installation and every path inside it.
///
/// ```
/// <home>/registry.sqlite
/// <home>/master.key
/// <home>/clients/<workspace-id>/workspace.sqlite
/// ```
///
/// The root is resolved once to its canonical path. Paths below it are built only from
/// validated identifiers, and no entry below the root may be a symbolic link — a link is
/// refused before anything is opened through it. Workspace paths are handed out only for
/// a ``WorkspaceGrant``, so no workspace file is touched before its token is verified.
public struct AirlockHome: Sendable {
    /// The canonical absolute path of the home.
    public let root: String

    /// The home named by `explicit` (`--home`), else `$AIRLOCK_HOME`, else
    /// `$XDG_DATA_HOME/airlock`, else `~/.local/share/airlock`.
    public static func location(explicit: String?, environment: [String: String]) -> String {
        if let explicit, !explicit.isEmpty { return absolute(explicit, environment: environment) }
        if let home = environment["AIRLOCK_HOME"], !home.isEmpty { return absolute(home, environment: environment) }
        if let data = environment["XDG_DATA_HOME"], data.hasPrefix("/") { return data + "/airlock" }
        return userHome(environment) + "/.local/share/airlock"
    }

    /// Opens the home at `path`, creating it (mode 0700) and its `clients` folder when
    /// `create` is set.
    ///
    /// - Throws: ``HomeError/notInitialized(_:)`` if it does not exist and `create` is not
    ///   set; ``FileSystemError`` if it cannot be created or is not a directory.
    public static func open(at path: String, create: Bool) throws -> AirlockHome {
        switch try SecureFile.kind(of: path) {
        case .missing:
            guard create else { throw HomeError.notInitialized(path) }
            try makeParents(of: path)
            try SecureFile.makeDirectory(path, mode: 0o700)
        case .directory, .symlink:
            break
        case .regular, .other:
            throw FileSystemError.notADirectory(path: path)
        }
        let home = AirlockHome(root: try SecureFile.realPath(path))
        if try SecureFile.kind(of: home.root) != .directory { throw FileSystemError.notADirectory(path: path) }
        if create {
            try SecureFile.makeDirectory(home.clientsDirectory, mode: 0o700)
        } else if try SecureFile.kind(of: home.clientsDirectory) != .directory {
            throw HomeError.notInitialized(path)
        }
        return home
    }

    /// `<home>/registry.sqlite`.
    public var registryPath: String { root + "/registry.sqlite" }
    /// `<home>/master.key`.
    public var masterKeyPath: String { root + "/master.key" }
    /// `<home>/clients`.
    var clientsDirectory: String { root + "/clients" }

    /// The directory of the granted workspace, checked to be a real directory (or absent)
    /// with no symbolic link on the way.
    func workspaceDirectory(for grant: WorkspaceGrant) throws(FileSystemError) -> String {
        try confinedDirectory(grant.workspaceID)
    }

    /// The database file of the granted workspace, confined like its directory.
    func workspaceDatabase(for grant: WorkspaceGrant) throws(FileSystemError) -> String {
        try confinedDatabase(grant.workspaceID)
    }

    /// The database file of workspace `id`, confined like its directory — for the
    /// operator's maintenance (``WorkspaceManager/maintain(_:_:actor:)``) only.
    func confinedDatabase(_ id: WorkspaceID) throws(FileSystemError) -> String {
        let path = try confinedDirectory(id) + "/workspace.sqlite"
        for suffix in ["", "-wal", "-shm"] where try SecureFile.kind(of: path + suffix) == .symlink {
            throw .symlinkRefused(path: path + suffix)
        }
        return path
    }

    /// A fresh name under `clients/` for a workspace directory on its way out.
    func trashDirectory(for grant: WorkspaceGrant) -> String {
        clientsDirectory + "/.deleted-" + grant.workspaceID.rawValue + "-" + UUID().uuidString.lowercased()
    }

    /// The directory of workspace `id`, checked like ``workspaceDirectory(for:)`` — for
    /// the operator's maintenance only.
    func confinedDirectory(_ id: WorkspaceID) throws(FileSystemError) -> String {
        let clients = clientsDirectory
        switch try SecureFile.kind(of: clients) {
        case .directory: break
        case .symlink: throw .symlinkRefused(path: clients)
        case .missing: throw .missing(path: clients)
        case .regular, .other: throw .notADirectory(path: clients)
        }
        let directory = clients + "/" + id.rawValue
        switch try SecureFile.kind(of: directory) {
        case .directory, .missing: return directory
        case .symlink: throw .symlinkRefused(path: directory)
        case .regular, .other: throw .notADirectory(path: directory)
        }
    }

    private static func makeParents(of path: String) throws {
        let parent = (path as NSString).deletingLastPathComponent
        guard !parent.isEmpty, parent != path, try SecureFile.kind(of: parent) == .missing else { return }
        try makeParents(of: parent)
        try SecureFile.makeDirectory(parent, mode: 0o700)
    }

    private static func absolute(_ path: String, environment: [String: String]) -> String {
        if path.hasPrefix("/") { return path }
        if path == "~" { return userHome(environment) }
        if path.hasPrefix("~/") { return userHome(environment) + path.dropFirst() }
        return FileManager.default.currentDirectoryPath + "/" + path
    }

    static func userHome(_ environment: [String: String]) -> String {
        if let home = environment["HOME"], home.hasPrefix("/") { return home }
        return NSHomeDirectory()
    }
}

/// Why the home cannot be used as it is.
public enum HomeError: Error, Equatable, Sendable, CustomStringConvertible {
    case notInitialized(String)

    public var description: String {
        switch self {
        case .notInitialized(let path):
            return "no Airlock home at \(TerminalText.quoted(path, limit: 200)); run `airlock init` first"
        }
    }
}
