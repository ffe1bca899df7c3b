import AirlockCore
import AirlockStore
import AirlockTestSupport
import Foundation
import Testing

@Suite("KeyringLogins: what signing out removes")
struct KeyringLoginsTests {
    private let alice = try! AccountEmail("alice@example.com")

    private struct Fixture {
        let directory: TemporaryDirectory
        let keyring: Keyring
        let logins: KeyringLogins
        let first: AirlockHome
        let second: AirlockHome

        init() throws {
            directory = try TemporaryDirectory(prefix: "airlock-logins")
            keyring = Keyring(path: directory.appending("config/airlock/keyring.json"))
            logins = KeyringLogins(beside: keyring)
            first = try AirlockHome.open(at: directory.appending("first"), create: true)
            second = try AirlockHome.open(at: directory.appending("second"), create: true)
        }

        /// Records `id` as saved by `account`'s login to `home`, and saves it.
        @discardableResult
        func login(_ account: AccountEmail?, _ id: String, in home: AirlockHome, token: WorkspaceToken = .generate()) throws -> WorkspaceToken {
            let entry = KeyringEntry(home: home, workspace: try WorkspaceID(id), name: id, token: token)
            try logins.record([entry], account: account)
            try keyring.save(entry)
            return token
        }

        func ids(in home: AirlockHome) throws -> [String] {
            try keyring.entries(for: home).map(\.workspace.rawValue)
        }
    }

    @Test func signingOutOfOneHomeLeavesTheOtherAlone() throws {
        let fixture = try Fixture()
        try fixture.login(alice, "acme", in: fixture.first)
        try fixture.login(alice, "acme", in: fixture.second)
        #expect(try fixture.logins.signOut(alice, from: fixture.first, keyring: fixture.keyring) == [try WorkspaceID("acme")])
        #expect(try fixture.ids(in: fixture.first) == [])
        #expect(try fixture.ids(in: fixture.second) == ["acme"])
        #expect(permissions(of: fixture.logins.path) == 0o600)
    }

    @Test func theRecordHoldsFingerprintsNotTokens() throws {
        let fixture = try Fixture()
        let token = try fixture.login(alice, "acme", in: fixture.first)
        try fixture.login(nil, "globex", in: fixture.first)
        let record = try #require(FileManager.default.contents(atPath: fixture.logins.path))
        #expect(!record.contains(bytes: Array(token.revealed.utf8)))
        #expect(String(decoding: record, as: UTF8.self).contains("alice@example.com"))
    }

    @Test func withoutAnAccountEveryLoginOfTheHomeEnds() throws {
        let fixture = try Fixture()
        try fixture.login(alice, "acme", in: fixture.first)
        try fixture.login(nil, "globex", in: fixture.first)
        try fixture.login(try AccountEmail("bob@example.com"), "initech", in: fixture.second)
        let removed = try fixture.logins.signOut(nil, from: fixture.first, keyring: fixture.keyring)
        #expect(removed.map(\.rawValue) == ["acme", "globex"])
        #expect(try fixture.ids(in: fixture.second) == ["initech"])
        #expect(try fixture.logins.signOut(nil, from: fixture.first, keyring: fixture.keyring) == [])
    }

    @Test func nothingRecordedMeansNothingRemoved() throws {
        let fixture = try Fixture()
        let entry = KeyringEntry(home: fixture.first, workspace: try WorkspaceID("acme"), name: "Acme", token: .generate())
        try fixture.keyring.save(entry)
        #expect(try fixture.logins.signOut(nil, from: fixture.first, keyring: fixture.keyring) == [])
        #expect(try fixture.ids(in: fixture.first) == ["acme"], "a token saved otherwise stays")
        #expect(!FileManager.default.fileExists(atPath: fixture.logins.path))
    }

    @Test func anUnreadableRecordIsReported() throws {
        let fixture = try Fixture()
        try fixture.login(alice, "acme", in: fixture.first)
        try Data("not json".utf8).write(to: URL(fileURLWithPath: fixture.logins.path))
        #expect(throws: KeyringError.unreadable(path: fixture.logins.path)) {
            try fixture.logins.signOut(alice, from: fixture.first, keyring: fixture.keyring)
        }
        #expect(try fixture.ids(in: fixture.first) == ["acme"])
    }
}
