import AirlockCore
import Crypto
import Foundation
import Glibc

/// Which keyring tokens each sign-in saved, so that signing out removes exactly those:
/// `logins.json` beside the keyring (mode 0600).
///
/// A login is an account's (`airlock login EMAIL`, `airlock login --oidc`) or, without an
/// account, a workspace token's (`airlock login --workspace ID`). Per home, each login
/// lists the workspaces whose tokens it saved, each with a fingerprint of the token
/// (SHA-256 under a label; the token cannot be recovered from it). Logging in again adds
/// to the list. Signing out removes a workspace's keyring token only if the keyring still
/// holds the token that login saved (a token saved since, by `workspace join` or another
/// login, stays) and no other remaining login of the home saved that same token. Updates
/// take an advisory lock on `logins.json.lock`; the record is written before the keyring,
/// so a crash in between leaves nothing that signing out would miss.
public struct KeyringLogins: Sendable {
    /// The record file.
    public let path: String

    /// The record at `path`.
    public init(path: String) {
        self.path = path
    }

    /// The record beside `keyring`: `logins.json` in the keyring's directory.
    public init(beside keyring: Keyring) {
        path = (keyring.path as NSString).deletingLastPathComponent + "/logins.json"
    }

    /// Records that the login of `account` (nil: a workspace token login) saves `entries`
    /// in the keyring, adding to what it saved before.
    public func record(_ entries: [KeyringEntry], account: AccountEmail?) throws {
        guard !entries.isEmpty else { return }
        try update { logins in
            for entry in entries {
                let saved = Saved(workspace: entry.workspace, fingerprint: Self.fingerprint(entry.token))
                if let index = logins.firstIndex(where: { $0.home == entry.home && $0.account == account }) {
                    logins[index].workspaces.removeAll { $0.workspace == entry.workspace }
                    logins[index].workspaces.append(saved)
                } else {
                    logins.append(Login(home: entry.home, account: account, workspaces: [saved]))
                }
            }
        }
    }

    /// Ends the logins of `account` in `home` — with nil, every login of the home — and
    /// removes from `keyring` the tokens they saved that it still holds and no other login
    /// of the home needs.
    ///
    /// - Returns: The workspaces whose tokens were removed, by id.
    public func signOut(_ account: AccountEmail?, from home: AirlockHome, keyring: Keyring) throws -> [WorkspaceID] {
        guard try SecureFile.kind(of: path) != .missing else { return [] }
        return try update { logins in
            func leaving(_ login: Login) -> Bool { login.home == home.root && (account == nil || login.account == account) }
            let ended = logins.filter(leaving)
            logins.removeAll(where: leaving)
            let kept = Set(logins.filter { $0.home == home.root }.flatMap(\.workspaces))
            var removed: [WorkspaceID] = []
            for saved in Set(ended.flatMap(\.workspaces)).sorted(by: { $0.workspace < $1.workspace }) where !kept.contains(saved) {
                guard let token = try keyring.token(for: saved.workspace, in: home), Self.fingerprint(token) == saved.fingerprint else { continue }
                try keyring.remove(saved.workspace, in: home)
                removed.append(saved.workspace)
            }
            return removed
        }
    }

    // MARK: - File

    private struct File: Codable {
        var version = 1
        var logins: [Login]
    }

    private struct Login: Codable {
        let home: String
        let account: AccountEmail?
        var workspaces: [Saved]
    }

    private struct Saved: Codable, Hashable {
        let workspace: WorkspaceID
        let fingerprint: String
    }

    /// SHA-256 of `"airlock.keyring-login.v1" ‖ 0 ‖ token`, in hex.
    private static func fingerprint(_ token: WorkspaceToken) -> String {
        SHA256.hash(data: Data(("airlock.keyring-login.v1\u{0}" + token.revealed).utf8))
            .map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }

    private func load() throws -> [Login] {
        if try SecureFile.kind(of: path) == .missing { return [] }
        let bytes = try SecureFile.read(path, limit: 4 << 20, privateOnly: true)
        do {
            return try JSONDecoder().decode(File.self, from: Data(bytes)).logins
        } catch {
            throw KeyringError.unreadable(path: path)
        }
    }

    private func update<T>(_ change: (inout [Login]) throws -> T) throws -> T {
        try makeDirectories((path as NSString).deletingLastPathComponent)
        let lock = open(path + ".lock", O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard lock >= 0 else { throw FileSystemError.failed(operation: "lock", path: path, reason: SecureFile.lastError()) }
        defer { close(lock) }
        guard flock(lock, LOCK_EX) == 0 else { throw FileSystemError.failed(operation: "lock", path: path, reason: SecureFile.lastError()) }
        var logins = try load()
        let result = try change(&logins)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try SecureFile.writeAtomically(Array(try encoder.encode(File(logins: logins))) + [0x0A], to: path, mode: 0o600)
        return result
    }

    private func makeDirectories(_ directory: String) throws {
        guard try SecureFile.kind(of: directory) == .missing else { return }
        let parent = (directory as NSString).deletingLastPathComponent
        if parent != directory { try makeDirectories(parent) }
        try SecureFile.makeDirectory(directory, mode: 0o700)
    }
}
