import AirlockCore
import Foundation
import Glibc

/// A workspace the user holds the token of, as saved in their keyring.
public struct KeyringEntry: Sendable, Equatable, Codable {
    /// The canonical path of the home the workspace lives in.
    public let home: String
    /// The workspace's id.
    public let workspace: WorkspaceID
    /// Its display name, for listings.
    public let name: String
    /// Its token.
    public let token: WorkspaceToken

    /// Creates an entry.
    public init(home: AirlockHome, workspace: WorkspaceID, name: String, token: WorkspaceToken) {
        self.home = home.root
        self.workspace = workspace
        self.name = name
        self.token = token
    }

    private enum CodingKeys: String, CodingKey { case home, workspace, name, token }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        home = try container.decode(String.self, forKey: .home)
        workspace = try container.decode(WorkspaceID.self, forKey: .workspace)
        name = try container.decode(String.self, forKey: .name)
        token = try WorkspaceToken(parsing: try container.decode(String.self, forKey: .token))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(home, forKey: .home)
        try container.encode(workspace, forKey: .workspace)
        try container.encode(name, forKey: .name)
        try container.encode(token.revealed, forKey: .token)
    }
}

/// The user's tokens: `$XDG_CONFIG_HOME/airlock/keyring.json` (mode 0600), keyed by home
/// and workspace.
///
/// Reads refuse a keyring that other users can access; writes replace the file atomically
/// under an advisory lock so that concurrent commands do not lose each other's entries.
public struct Keyring: Sendable {
    /// The keyring file.
    public let path: String

    /// The keyring at `path`.
    public init(path: String) {
        self.path = path
    }

    /// `$XDG_CONFIG_HOME/airlock/keyring.json`, else `~/.config/airlock/keyring.json`.
    public static func location(environment: [String: String]) -> String {
        if let config = environment["XDG_CONFIG_HOME"], config.hasPrefix("/") {
            return config + "/airlock/keyring.json"
        }
        return AirlockHome.userHome(environment) + "/.config/airlock/keyring.json"
    }

    /// The entries saved for `home`, by workspace id.
    public func entries(for home: AirlockHome) throws -> [KeyringEntry] {
        try load().filter { $0.home == home.root }.sorted { $0.workspace < $1.workspace }
    }

    /// The saved token of `workspace` in `home`, if any.
    public func token(for workspace: WorkspaceID, in home: AirlockHome) throws -> WorkspaceToken? {
        try load().first { $0.home == home.root && $0.workspace == workspace }?.token
    }

    /// Saves `entry`, replacing any entry of the same home and workspace.
    public func save(_ entry: KeyringEntry) throws {
        try update { entries in
            entries.removeAll { $0.home == entry.home && $0.workspace == entry.workspace }
            entries.append(entry)
        }
    }

    /// Forgets the token of `workspace` in `home`.
    public func remove(_ workspace: WorkspaceID, in home: AirlockHome) throws {
        try update { entries in
            entries.removeAll { $0.home == home.root && $0.workspace == workspace }
        }
    }

    private struct File: Codable {
        var version = 1
        var workspaces: [KeyringEntry]
    }

    private func load() throws -> [KeyringEntry] {
        if try SecureFile.kind(of: path) == .missing { return [] }
        let bytes = try SecureFile.read(path, limit: 4 << 20, privateOnly: true)
        do {
            return try JSONDecoder().decode(File.self, from: Data(bytes)).workspaces
        } catch {
            throw KeyringError.unreadable(path: path)
        }
    }

    private func update(_ change: (inout [KeyringEntry]) -> Void) throws {
        let directory = (path as NSString).deletingLastPathComponent
        try makeDirectories(directory)
        let lock = open(path + ".lock", O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard lock >= 0 else { throw FileSystemError.failed(operation: "lock", path: path, reason: SecureFile.lastError()) }
        defer { close(lock) }
        guard flock(lock, LOCK_EX) == 0 else { throw FileSystemError.failed(operation: "lock", path: path, reason: SecureFile.lastError()) }
        var entries = try load()
        change(&entries)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data = try encoder.encode(File(workspaces: entries))
        try SecureFile.writeAtomically(Array(data) + [0x0A], to: path, mode: 0o600)
    }

    private func makeDirectories(_ directory: String) throws {
        guard try SecureFile.kind(of: directory) == .missing else { return }
        let parent = (directory as NSString).deletingLastPathComponent
        if parent != directory { try makeDirectories(parent) }
        try SecureFile.makeDirectory(directory, mode: 0o700)
    }
}

/// Why the keyring could not be used.
public enum KeyringError: Error, Equatable, Sendable, CustomStringConvertible {
    case unreadable(path: String)

    public var description: String {
        switch self {
        case .unreadable(let path):
            return "the keyring \(TerminalText.quoted(path, limit: 200)) is not valid keyring JSON; fix or move it"
        }
    }
}
