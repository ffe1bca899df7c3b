import AirlockCore
import Foundation

/// Where workspaces are stored: the configuration's `storage` and `database_url_env`.
///
/// ```json
/// { "storage": "postgres", "database_url_env": "AIRLOCK_DATABASE_URL" }
/// ```
///
/// `storage` is `sqlite` (the embedded default: `registry.sqlite` and one database per
/// workspace in the home), `files` (the registry in SQLite, each workspace's data as plain
/// files) or `postgres` (registry and data in a shared PostgreSQL database, isolated by
/// row-level security; see `airlock db init`). `AIRLOCK_STORAGE` overrides `storage`. The
/// PostgreSQL URL is read from the environment variable `database_url_env` names
/// (default `AIRLOCK_DATABASE_URL`), never from the file.
public struct StorageSettings: Sendable, Equatable {
    /// The storage kinds.
    public enum Kind: String, Sendable, CaseIterable {
        case sqlite, files, postgres
    }

    /// The chosen kind.
    public let kind: Kind
    /// The PostgreSQL connection URL (for `postgres` only).
    public let databaseURL: String?

    /// The default name of the variable holding the PostgreSQL URL.
    public static let defaultURLVariable = "AIRLOCK_DATABASE_URL"

    static func resolve(_ file: ConfigurationFile, environment: [String: String]) throws -> StorageSettings {
        let named = environment["AIRLOCK_STORAGE"].flatMap { $0.isEmpty ? nil : $0 } ?? file.storage ?? Kind.sqlite.rawValue
        guard let kind = Kind(rawValue: named.lowercased()) else {
            throw ConfigurationError.invalidValue(key: "storage", reason: "\(TerminalText.quoted(named)) is not one of sqlite, files, postgres")
        }
        guard kind == .postgres else { return StorageSettings(kind: kind, databaseURL: nil) }
        let variable = file.databaseURLEnv ?? defaultURLVariable
        guard let url = environment[variable], !url.isEmpty else {
            throw ConfigurationError.invalidValue(key: "database_url_env", reason: "postgres storage needs its URL in $\(variable), which is not set")
        }
        return StorageSettings(kind: kind, databaseURL: url)
    }
}

extension AirlockConfiguration {
    /// Reads only the storage settings of the file and environment.
    ///
    /// - Throws: ``ConfigurationError`` naming the problem.
    public static func loadStorage(environment: [String: String]) throws -> StorageSettings {
        try StorageSettings.resolve(try loadFile(environment: environment), environment: environment)
    }
}
