import AirlockCore
import Foundation
import Logging
import PostgresNIO

/// Why a PostgreSQL database could not be set up for Airlock.
public enum DatabaseSetupError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The application role exists with a power that would defeat row-level security.
    case privilegedAppRole(String, power: String)
    /// The server's string literals would treat backslashes as escapes.
    case nonStandardStrings
    /// The database does not store text as UTF-8.
    case nonUnicodeDatabase(String)
    /// The password contains a character no password may hold.
    case invalidPassword

    public var description: String {
        switch self {
        case .privilegedAppRole(let role, let power):
            return "role \(role) has \(power), which would bypass row-level security; choose another application role"
        case .nonStandardStrings:
            return "the server has standard_conforming_strings off; turn it on"
        case .nonUnicodeDatabase(let encoding):
            return "the database's encoding is \(encoding); Airlock needs a UTF8 database (CREATE DATABASE … ENCODING 'UTF8')"
        case .invalidPassword:
            return "the application role's password must not be empty or contain NUL"
        }
    }
}

/// Sets up a PostgreSQL database for Airlock as an administrator (`airlock db init`):
/// both roles, the schema owned by the owner, its migrations run *as the owner*, and the
/// application role's grants. Safe to run again: it creates what is missing and applies
/// pending migrations only.
public enum DatabaseSetup {
    /// Sets up the database at `admin` (an administrator's location) and returns one
    /// line per step taken. `appPassword` sets the application role's password (kept if nil).
    ///
    /// - Throws: ``DatabaseSetupError``, or the server's error.
    public static func initialize(_ admin: PostgresLocation, roles: DatabaseRoles, appPassword: String?) async throws -> [String] {
        if let appPassword, appPassword.isEmpty || appPassword.contains("\0") { throw DatabaseSetupError.invalidPassword }
        let logger = Logger(label: "airlock.postgres.setup")
        return try await admin.withConnection { connection in
            var steps: [String] = []
            let standard = try await connection.query("SHOW standard_conforming_strings", logger: logger).collect().first?.decode(String.self)
            guard standard == "on" else { throw DatabaseSetupError.nonStandardStrings }
            let encoding = try await connection.query("SHOW server_encoding", logger: logger).collect().first?.decode(String.self) ?? ""
            guard encoding == "UTF8" else { throw DatabaseSetupError.nonUnicodeDatabase(encoding) }
            try await connection.query("SELECT pg_advisory_lock(hashtext('airlock.setup'))", logger: logger)
            do {
                steps += try await ensureRoles(roles, appPassword: appPassword, connection, logger)
                steps += try await ensureSchema(roles, connection, logger)
                steps += try await PostgresMigrator.migrate(connection, asOwner: roles.owner, logger: logger)
                steps += try await grant(roles, connection, logger)
                try await connection.query("SELECT pg_advisory_unlock(hashtext('airlock.setup'))", logger: logger)
            } catch {
                _ = try? await connection.query("SELECT pg_advisory_unlock_all()", logger: logger)
                throw error
            }
            return steps
        }
    }

    private static func ensureRoles(_ roles: DatabaseRoles, appPassword: String?, _ connection: PostgresConnection, _ logger: Logger) async throws -> [String] {
        var steps: [String] = []
        if try await role(roles.owner, connection, logger) == nil {
            try await connection.query(PostgresQuery(unsafeSQL: "CREATE ROLE \(quoted(roles.owner)) NOLOGIN"), logger: logger)
            steps.append("created role \(roles.owner) (NOLOGIN): owns the schema and runs migrations")
        }
        let password = appPassword.map { " PASSWORD " + literal($0) } ?? ""
        let limits = "NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS NOREPLICATION NOINHERIT"
        if let existing = try await role(roles.app, connection, logger) {
            if existing.superuser { throw DatabaseSetupError.privilegedAppRole(roles.app, power: "SUPERUSER") }
            if existing.bypassRLS { throw DatabaseSetupError.privilegedAppRole(roles.app, power: "BYPASSRLS") }
            try await connection.query(PostgresQuery(unsafeSQL: "ALTER ROLE \(quoted(roles.app)) LOGIN \(limits)\(password)"), logger: logger)
            if appPassword != nil { steps.append("set the password of role \(roles.app)") }
        } else {
            try await connection.query(PostgresQuery(unsafeSQL: "CREATE ROLE \(quoted(roles.app)) LOGIN \(limits)\(password)"), logger: logger)
            steps.append("created role \(roles.app) (LOGIN, \(limits)): what Airlock connects as")
        }
        // The administrator must be able to act as the owner to run its migrations.
        try await connection.query(PostgresQuery(unsafeSQL: "GRANT \(quoted(roles.owner)) TO CURRENT_USER"), logger: logger)
        return steps
    }

    private static func ensureSchema(_ roles: DatabaseRoles, _ connection: PostgresConnection, _ logger: Logger) async throws -> [String] {
        let exists = try await connection.query("SELECT 1 FROM pg_namespace WHERE nspname = 'airlock'", logger: logger).collect().isEmpty == false
        guard !exists else { return [] }
        try await connection.query(PostgresQuery(unsafeSQL: "CREATE SCHEMA airlock AUTHORIZATION \(quoted(roles.owner))"), logger: logger)
        try await connection.query("REVOKE ALL ON SCHEMA airlock FROM PUBLIC", logger: logger)
        return ["created schema airlock, owned by \(roles.owner)"]
    }

    private static func grant(_ roles: DatabaseRoles, _ connection: PostgresConnection, _ logger: Logger) async throws -> [String] {
        let app = quoted(roles.app)
        var statements = [
            "GRANT CONNECT ON DATABASE \(quoted(try await currentDatabase(connection, logger))) TO \(app)",
            "GRANT USAGE ON SCHEMA airlock TO \(app)",
            "REVOKE ALL ON ALL TABLES IN SCHEMA airlock FROM \(app)",
            "REVOKE ALL ON ALL FUNCTIONS IN SCHEMA airlock FROM \(app)",
            "GRANT SELECT (id, name, created_at, rotated_at), INSERT ON airlock.workspace TO \(app)",
            "GRANT EXECUTE ON FUNCTION airlock.current_tenant() TO \(app)",
        ]
        for table in PostgresSchema.tenantTables {
            let privileges = table == "audit_event" ? "SELECT, INSERT" : "SELECT, INSERT, UPDATE, DELETE"
            statements.append("GRANT \(privileges) ON airlock.\(table) TO \(app)")
        }
        for table in RegistrySchema.accountTables {
            statements.append("GRANT SELECT, INSERT, UPDATE, DELETE ON airlock.\(table) TO \(app)")
        }
        for function in RegistrySchema.keyFunctions {
            statements.append("GRANT EXECUTE ON FUNCTION \(function) TO \(app)")
        }
        for statement in statements { try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger) }
        return [
            "granted \(roles.app): the public columns of airlock.workspace, and rows of the \(PostgresSchema.tenantTables.count) tenant tables"
                + " under forced row-level security (audit events: read and append only)",
            "granted \(roles.app): the account tables (\(RegistrySchema.accountTables.joined(separator: ", "))), and the key functions,"
                + " which act only on the workspace whose current token digest the calling transaction presents (read, replace or destroy its data key; delete it)",
        ]
    }

    private struct RoleFacts {
        let superuser: Bool
        let bypassRLS: Bool
    }

    private static func role(_ name: String, _ connection: PostgresConnection, _ logger: Logger) async throws -> RoleFacts? {
        let rows = try await connection.query("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = \(name)", logger: logger).collect()
        guard let row = rows.first else { return nil }
        let (superuser, bypassRLS) = try row.decode((Bool, Bool).self)
        return RoleFacts(superuser: superuser, bypassRLS: bypassRLS)
    }

    private static func currentDatabase(_ connection: PostgresConnection, _ logger: Logger) async throws -> String {
        try await connection.query("SELECT current_database()", logger: logger).collect().first?.decode(String.self) ?? ""
    }

    /// A validated role name as an identifier (they hold only `[a-z0-9_]`).
    static func quoted(_ identifier: String) -> String { "\"" + identifier + "\"" }

    /// `text` as a standard-conforming string literal.
    private static func literal(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }
}
