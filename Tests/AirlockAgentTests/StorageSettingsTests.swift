import AirlockAgent
import AirlockTestSupport
import Foundation
import Testing

/// The `storage` and `database_url_env` settings, from the file and the environment.
@Suite("Storage settings")
struct StorageSettingsTests {
    /// Loads the storage settings with `config` (if any) as the configuration file.
    private func load(_ config: String?, environment extra: [String: String] = [:]) throws -> StorageSettings {
        let directory = try TemporaryDirectory(prefix: "airlock-storage-settings")
        if let config {
            try FileManager.default.createDirectory(atPath: directory.appending("airlock"), withIntermediateDirectories: true)
            try config.write(toFile: directory.appending("airlock/config.json"), atomically: true, encoding: .utf8)
        }
        return try AirlockConfiguration.loadStorage(environment: ["XDG_CONFIG_HOME": directory.path].merging(extra) { $1 })
    }

    @Test func sqliteIsTheDefault() throws {
        let settings = try load(nil)
        #expect(settings.kind == .sqlite && settings.databaseURL == nil)
        #expect(try load("{}").kind == .sqlite)
    }

    @Test func theFileChoosesAndTheEnvironmentOverrides() throws {
        #expect(try load(#"{"storage": "files"}"#).kind == .files)
        #expect(try load(#"{"storage": "files"}"#, environment: ["AIRLOCK_STORAGE": "sqlite"]).kind == .sqlite)
        #expect(try load(nil, environment: ["AIRLOCK_STORAGE": "FILES"]).kind == .files)
    }

    @Test func postgresReadsItsURLFromTheNamedVariableOnly() throws {
        let url = "postgres://app:secret@db.example.com/airlock"
        #expect(try load(#"{"storage": "postgres"}"#, environment: ["AIRLOCK_DATABASE_URL": url]).databaseURL == url)
        let named = try load(#"{"storage": "postgres", "database_url_env": "TEAM_DB"}"#, environment: ["TEAM_DB": url, "AIRLOCK_DATABASE_URL": "postgres://other"])
        #expect(named.databaseURL == url)
        #expect(throws: ConfigurationError.invalidValue(key: "database_url_env", reason: "postgres storage needs its URL in $TEAM_DB, which is not set")) {
            try load(#"{"storage": "postgres", "database_url_env": "TEAM_DB"}"#)
        }
    }

    @Test func anUnknownStorageIsNamedInTheError() throws {
        #expect(throws: ConfigurationError.invalidValue(key: "storage", reason: "\"mongodb\" is not one of sqlite, files, postgres")) {
            try load(#"{"storage": "mongodb"}"#)
        }
    }
}
