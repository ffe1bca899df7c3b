import AirlockCore
import AirlockStore
import AirlockTestSupport
import Foundation
import Testing

@Suite("Keyring")
struct KeyringTests {
    /// Runs `body` with a keyring and two homes inside a temporary directory that lives
    /// until it returns.
    private func withKeyring(_ body: (TemporaryDirectory, Keyring, AirlockHome, AirlockHome) throws -> Void) throws {
        let directory = try TemporaryDirectory()
        let keyring = Keyring(path: directory.appending("config/airlock/keyring.json"))
        let first = try AirlockHome.open(at: directory.appending("first"), create: true)
        let second = try AirlockHome.open(at: directory.appending("second"), create: true)
        try withExtendedLifetime(directory) { try body(directory, keyring, first, second) }
    }

    @Test func locationFollowsXDGConfigHomeThenHome() {
        #expect(Keyring.location(environment: ["XDG_CONFIG_HOME": "/cfg", "HOME": "/users/alice"]) == "/cfg/airlock/keyring.json")
        #expect(Keyring.location(environment: ["XDG_CONFIG_HOME": "relative", "HOME": "/users/alice"]) == "/users/alice/.config/airlock/keyring.json")
        #expect(Keyring.location(environment: ["HOME": "/users/alice"]) == "/users/alice/.config/airlock/keyring.json")
    }

    @Test func savedTokensCanBeReadBack() throws {
        try withKeyring { _, keyring, home, _ in
            let acme = try WorkspaceID("acme")
            let token = WorkspaceToken.generate()
            #expect(try keyring.entries(for: home).isEmpty)
            try keyring.save(KeyringEntry(home: home, workspace: acme, name: "Acme", token: token))
            #expect(try keyring.token(for: acme, in: home) == token)
            let entries = try keyring.entries(for: home)
            #expect(entries.map(\.workspace) == [acme])
            #expect(entries.first?.name == "Acme")
            #expect(entries.first?.home == home.root)
        }
    }

    @Test func savingAgainReplacesTheEntry() throws {
        try withKeyring { _, keyring, home, _ in
            let acme = try WorkspaceID("acme")
            let newer = WorkspaceToken.generate()
            try keyring.save(KeyringEntry(home: home, workspace: acme, name: "Acme", token: .generate()))
            try keyring.save(KeyringEntry(home: home, workspace: acme, name: "Acme Corp", token: newer))
            #expect(try keyring.entries(for: home).map(\.name) == ["Acme Corp"])
            #expect(try keyring.token(for: acme, in: home) == newer)
        }
    }

    @Test func entriesAreListedByWorkspaceID() throws {
        try withKeyring { _, keyring, home, _ in
            for id in ["initech", "acme", "globex"] {
                try keyring.save(KeyringEntry(home: home, workspace: try WorkspaceID(id), name: id, token: .generate()))
            }
            #expect(try keyring.entries(for: home).map(\.workspace.rawValue) == ["acme", "globex", "initech"])
        }
    }

    @Test func removeForgetsOnlyThatEntry() throws {
        try withKeyring { _, keyring, home, other in
            let acme = try WorkspaceID("acme")
            let globex = try WorkspaceID("globex")
            try keyring.save(KeyringEntry(home: home, workspace: acme, name: "Acme", token: .generate()))
            try keyring.save(KeyringEntry(home: home, workspace: globex, name: "Globex", token: .generate()))
            try keyring.save(KeyringEntry(home: other, workspace: acme, name: "Acme elsewhere", token: .generate()))
            try keyring.remove(acme, in: home)
            #expect(try keyring.token(for: acme, in: home) == nil)
            #expect(try keyring.entries(for: home).map(\.workspace) == [globex])
            #expect(try keyring.token(for: acme, in: other) != nil)
        }
    }

    @Test func entriesAreScopedByHome() throws {
        try withKeyring { _, keyring, first, second in
            let acme = try WorkspaceID("acme")
            let firstToken = WorkspaceToken.generate()
            let secondToken = WorkspaceToken.generate()
            try keyring.save(KeyringEntry(home: first, workspace: acme, name: "First", token: firstToken))
            try keyring.save(KeyringEntry(home: second, workspace: acme, name: "Second", token: secondToken))
            #expect(try keyring.token(for: acme, in: first) == firstToken)
            #expect(try keyring.token(for: acme, in: second) == secondToken)
            #expect(try keyring.entries(for: first).map(\.name) == ["First"])
            #expect(try keyring.entries(for: second).map(\.name) == ["Second"])
        }
    }

    @Test func keyringFileIsPrivate() throws {
        try withKeyring { directory, keyring, home, _ in
            try keyring.save(KeyringEntry(home: home, workspace: try WorkspaceID("acme"), name: "Acme", token: .generate()))
            #expect(permissions(of: keyring.path) == 0o600)
            #expect(permissions(of: directory.appending("config/airlock")) == 0o700)
        }
    }

    @Test func keyringReadableByOthersIsRefused() throws {
        try withKeyring { _, keyring, home, _ in
            let acme = try WorkspaceID("acme")
            try keyring.save(KeyringEntry(home: home, workspace: acme, name: "Acme", token: .generate()))
            #expect(chmod(keyring.path, 0o644) == 0)
            #expect(throws: FileSystemError.tooPermissive(path: keyring.path, mode: 0o644)) { try keyring.token(for: acme, in: home) }
            #expect(throws: FileSystemError.tooPermissive(path: keyring.path, mode: 0o644)) { try keyring.entries(for: home) }
            #expect(throws: FileSystemError.tooPermissive(path: keyring.path, mode: 0o644)) {
                try keyring.save(KeyringEntry(home: home, workspace: try WorkspaceID("globex"), name: "Globex", token: .generate()))
            }
        }
    }

    @Test func corruptKeyringIsUnreadable() throws {
        try withKeyring { directory, keyring, home, _ in
            try FileManager.default.createDirectory(atPath: directory.appending("config/airlock"), withIntermediateDirectories: true)
            _ = FileManager.default.createFile(atPath: keyring.path, contents: Data("{\"version\": 1, \"workspaces\": [".utf8), attributes: [.posixPermissions: 0o600])
            #expect(throws: KeyringError.unreadable(path: keyring.path)) { try keyring.entries(for: home) }
            #expect(throws: KeyringError.unreadable(path: keyring.path)) {
                try keyring.save(KeyringEntry(home: home, workspace: try WorkspaceID("acme"), name: "Acme", token: .generate()))
            }
            #expect(FileManager.default.contents(atPath: keyring.path) == Data("{\"version\": 1, \"workspaces\": [".utf8))
        }
    }

    @Test func keyringWithAMalformedTokenIsUnreadable() throws {
        try withKeyring { directory, keyring, home, _ in
            try FileManager.default.createDirectory(atPath: directory.appending("config/airlock"), withIntermediateDirectories: true)
            let json = #"{"version":1,"workspaces":[{"home":"\#(home.root)","workspace":"acme","name":"Acme","token":"XYZ"}]}"#
            _ = FileManager.default.createFile(atPath: keyring.path, contents: Data(json.utf8), attributes: [.posixPermissions: 0o600])
            #expect(throws: KeyringError.unreadable(path: keyring.path)) { try keyring.entries(for: home) }
        }
    }

    @Test func symlinkedKeyringIsRefused() throws {
        try withKeyring { directory, keyring, home, _ in
            try keyring.save(KeyringEntry(home: home, workspace: try WorkspaceID("acme"), name: "Acme", token: .generate()))
            let moved = directory.appending("moved.json")
            #expect(rename(keyring.path, moved) == 0)
            try FileManager.default.createSymbolicLink(atPath: keyring.path, withDestinationPath: moved)
            #expect(throws: FileSystemError.symlinkRefused(path: keyring.path)) { try keyring.entries(for: home) }
        }
    }
}
