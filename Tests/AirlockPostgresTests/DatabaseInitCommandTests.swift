import AirlockCore
import AirlockPostgresTestSupport
import AirlockTestSupport
import Foundation
import Testing

@testable import AirlockPostgres

/// `airlock db init` against a fresh database of the test server.
@Suite("airlock db init", .serialized, .timeLimit(.minutes(3)))
struct DatabaseInitCommandTests {
    /// Runs `body` with the URL of a fresh, empty database, dropped afterwards with the roles named.
    private func withEmptyDatabase(roles: [String], _ body: (String) async throws -> Void) async throws {
        let server = try TestDatabase.serverURL()
        let name = "airlock_cli_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12)
        let maintenance = try PostgresPool(try PostgresLocation(url: server), maximumConnections: 1)
        try await maintenance.query("CREATE DATABASE \(name)")
        var components = URLComponents(string: server)!
        components.path = "/" + name
        do {
            try await body(components.string!)
        } catch {
            Issue.record(error)
        }
        try await maintenance.query("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
        for role in roles { try await maintenance.query("DROP ROLE IF EXISTS \(role)") }
        await maintenance.close()
    }

    @Test func initPrintsEachStepAndTheApplicationRoleCanThenConnect() async throws {
        let suffix = UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(8)
        let owner = "owner_\(suffix)", app = "app_\(suffix)"
        try await withEmptyDatabase(roles: [app, owner]) { url in
            let environment = ["AIRLOCK_DB_ADMIN_URL": url]
            let first = try await AirlockProcess.run(["db", "init", "--owner-role", owner, "--app-role", app], environment: environment, stdin: "app password 1\n")
            #expect(first.status == 0, "\(first.stderr)")
            for line in ["created role \(owner) (NOLOGIN)", "created role \(app) (LOGIN", "created schema airlock, owned by \(owner)",
                         "applied migration v1-registry-tenants-rls as \(owner)", "granted \(app)"] {
                #expect(first.stdout.contains(line), "\(line) in:\n\(first.stdout)")
            }
            #expect(!first.allOutput.contains("app password 1"))
            #expect(!first.allOutput.contains(try #require(URLComponents(string: url)?.password)), "the administrator's password is never printed")

            let again = try await AirlockProcess.run(["db", "init", "--owner-role", owner, "--app-role", app], environment: environment, stdin: "")
            #expect(again.status == 0, "\(again.stderr)")
            #expect(!again.stdout.contains("created") && !again.stdout.contains("applied"), "\(again.stdout)")

            var appURL = URLComponents(string: url)!
            appURL.user = app
            appURL.password = "app password 1"
            let pool = try PostgresPool(try PostgresLocation(url: appURL.string!), maximumConnections: 1)
            let visible = try await pool.query("SELECT count(*)::int FROM airlock.memory").first?.decode(Int.self)
            await pool.close()
            #expect(visible == 0)
        }
    }

    @Test func aWrongAdministratorPasswordIsOneLineWithoutThePassword() async throws {
        let server = try TestDatabase.serverURL()
        var components = URLComponents(string: server)!
        components.password = "not-the-password-4711"
        let result = try await AirlockProcess.run(["db", "init"], environment: ["AIRLOCK_DB_ADMIN_URL": components.string!], stdin: "x\n")
        #expect(result.status != 0)
        #expect(result.stderr.hasPrefix("airlock: PostgreSQL at 127.0.0.1:"), "\(result.stderr)")
        #expect(result.stderr.contains("password authentication failed"), "\(result.stderr)")
        #expect(result.stderr.filter(\.isNewline).count == 1)
        #expect(!result.allOutput.contains("not-the-password-4711"))
    }

    @Test func aPrivilegedApplicationRoleIsRefused() async throws {
        let server = try TestDatabase.serverURL()
        let user = try #require(URLComponents(string: server)?.user)
        let result = try await AirlockProcess.run(["db", "init", "--app-role", user], environment: ["AIRLOCK_DB_ADMIN_URL": server], stdin: "")
        #expect(result.status != 0)
        #expect(result.stderr == "airlock: role \(user) has SUPERUSER, which would bypass row-level security; choose another application role\n")
    }
}
