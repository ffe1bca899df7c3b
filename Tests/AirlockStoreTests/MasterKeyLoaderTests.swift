import AirlockCore
import AirlockStore
import AirlockTestSupport
import Foundation
import Testing

@Suite("MasterKeyLoader")
struct MasterKeyLoaderTests {
    private let workspace = try! WorkspaceID("acme")
    private let token = WorkspaceToken.generate()

    /// Two master keys are the same key when they give the same token digest.
    private func fingerprint(_ key: MasterKey) -> [UInt8] {
        TokenDigest(token: token, workspace: workspace, masterKey: key).bytes
    }

    /// Runs `body` with a fresh home inside a temporary directory that lives until it returns.
    private func withFreshHome(_ body: (TemporaryDirectory, AirlockHome) throws -> Void) throws {
        let directory = try TemporaryDirectory()
        let home = try AirlockHome.open(at: directory.appending("home"), create: true)
        try withExtendedLifetime(directory) { try body(directory, home) }
    }

    @Test func createsA32BytePrivateKeyFile() throws {
        try withFreshHome { _, home in
            _ = try MasterKeyLoader.load(home: home, environment: [:], create: true)
            let bytes = try #require(FileManager.default.contents(atPath: home.masterKeyPath))
            #expect(bytes.count == 32)
            #expect(permissions(of: home.masterKeyPath) == 0o600)
        }
    }

    @Test func reloadingGivesTheSameKey() throws {
        try withFreshHome { _, home in
            let created = try MasterKeyLoader.load(home: home, environment: [:], create: true)
            let reloaded = try MasterKeyLoader.load(home: home, environment: [:], create: false)
            let again = try MasterKeyLoader.load(home: home, environment: [:], create: true)
            #expect(fingerprint(created) == fingerprint(reloaded))
            #expect(fingerprint(created) == fingerprint(again))
        }
    }

    @Test func twoHomesGetDifferentKeys() throws {
        try withFreshHome { _, first in
            try withFreshHome { _, second in
                let one = try MasterKeyLoader.load(home: first, environment: [:], create: true)
                let two = try MasterKeyLoader.load(home: second, environment: [:], create: true)
                #expect(fingerprint(one) != fingerprint(two))
            }
        }
    }

    @Test func missingKeyWithoutCreateIsRefused() throws {
        try withFreshHome { _, home in
            #expect(throws: FileSystemError.missing(path: home.masterKeyPath)) {
                try MasterKeyLoader.load(home: home, environment: [:], create: false)
            }
            #expect(!exists(home.masterKeyPath))
        }
    }

    @Test func environmentKeyWinsOverTheFile() throws {
        try withFreshHome { _, home in
            let fileKey = try MasterKeyLoader.load(home: home, environment: [:], create: true)
            let hex = String(repeating: "5a", count: 32)
            let environmentKey = try MasterKeyLoader.load(home: home, environment: ["AIRLOCK_MASTER_KEY": hex], create: true)
            #expect(fingerprint(environmentKey) == fingerprint(try MasterKey(hex: hex, source: "test")))
            #expect(fingerprint(environmentKey) != fingerprint(fileKey))
        }
    }

    @Test func environmentKeyDoesNotCreateAFile() throws {
        try withFreshHome { _, home in
            _ = try MasterKeyLoader.load(home: home, environment: ["AIRLOCK_MASTER_KEY": String(repeating: "5a", count: 32)], create: true)
            #expect(!exists(home.masterKeyPath))
        }
    }

    @Test(arguments: [String(repeating: "5A", count: 32), String(repeating: "5a", count: 31), "not a key"])
    func malformedEnvironmentKeyIsRefused(_ hex: String) throws {
        try withFreshHome { _, home in
            _ = try MasterKeyLoader.load(home: home, environment: [:], create: true)
            #expect(throws: SecretError.malformedMasterKey(source: "AIRLOCK_MASTER_KEY")) {
                try MasterKeyLoader.load(home: home, environment: ["AIRLOCK_MASTER_KEY": hex], create: true)
            }
        }
    }

    @Test func keyFileReadableByOthersIsRefused() throws {
        try withFreshHome { _, home in
            _ = try MasterKeyLoader.load(home: home, environment: [:], create: true)
            #expect(chmod(home.masterKeyPath, 0o644) == 0)
            #expect(throws: FileSystemError.tooPermissive(path: home.masterKeyPath, mode: 0o644)) {
                try MasterKeyLoader.load(home: home, environment: [:], create: true)
            }
        }
    }

    @Test func symlinkedKeyFileIsRefused() throws {
        try withFreshHome { directory, home in
            let target = directory.appending("stolen.key")
            _ = FileManager.default.createFile(atPath: target, contents: Data(MasterKey.generateBytes()), attributes: [.posixPermissions: 0o600])
            try FileManager.default.createSymbolicLink(atPath: home.masterKeyPath, withDestinationPath: target)
            #expect(throws: FileSystemError.symlinkRefused(path: home.masterKeyPath)) {
                try MasterKeyLoader.load(home: home, environment: [:], create: true)
            }
        }
    }

    @Test func keyFileOfTheWrongSizeIsRefused() throws {
        try withFreshHome { _, home in
            _ = FileManager.default.createFile(atPath: home.masterKeyPath, contents: Data(repeating: 1, count: 16), attributes: [.posixPermissions: 0o600])
            #expect(throws: SecretError.malformedMasterKey(source: home.masterKeyPath)) {
                try MasterKeyLoader.load(home: home, environment: [:], create: false)
            }
        }
    }
}
