import AirlockCore
import Foundation
import Logging
import PostgresNIO
import Testing

@testable import AirlockPostgres

/// PostgreSQL itself refuses cross-workspace rows: raw SQL as the application role,
/// without Airlock's own code deciding anything.
@Suite("PostgreSQL row-level security", .serialized, .timeLimit(.minutes(3)))
struct RowLevelSecurityTests {
    /// `SELECT count(*)` of every tenant table, run in `connection`.
    private func counts(_ connection: PostgresConnection, _ logger: Logger) async throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for table in PostgresSchema.tenantTables {
            let rows = try await connection.query(PostgresQuery(unsafeSQL: "SELECT count(*) FROM airlock.\(table)"), logger: logger).collect()
            counts[table] = try rows.first?.decode(Int.self) ?? -1
        }
        return counts
    }

    private func seeded(_ body: (PostgresFixture) async throws -> Void) async throws {
        try await PostgresFixture.with { fixture in
            try await fixture.seed(fixture.acme)
            try await fixture.seed(fixture.globex)
            try await body(fixture)
        }
    }

    @Test func setupCreatesTheRolesAndSchemaAndIsSafeToRunAgain() async throws {
        try await PostgresFixture.with { fixture in
            let steps = fixture.setupSteps.joined(separator: "\n")
            #expect(steps.contains("created role \(fixture.roles.owner) (NOLOGIN)"))
            #expect(steps.contains("created role \(fixture.roles.app) (LOGIN, NOSUPERUSER"))
            #expect(steps.contains("created schema airlock, owned by \(fixture.roles.owner)"))
            #expect(steps.contains("applied migration v1-registry-tenants-rls as \(fixture.roles.owner)"))
            let again = try await DatabaseSetup.initialize(fixture.admin.location, roles: fixture.roles, appPassword: nil)
            #expect(!again.contains { $0.hasPrefix("created") || $0.hasPrefix("applied") }, "\(again)")
        }
    }

    @Test func withoutSettingsTheApplicationRoleSeesNoRowOfAnyTenantTable() async throws {
        try await seeded { fixture in
            let logger = fixture.logger
            let asApp = try await fixture.app.client.withConnection { try await counts($0, logger) }
            #expect(asApp.values.allSatisfy { $0 == 0 }, "\(asApp)")
            let asAdmin = try await fixture.admin.client.withConnection { try await counts($0, logger) }
            #expect(asAdmin.values.allSatisfy { $0 == 2 }, "the rows are there: \(asAdmin)")
        }
    }

    @Test func aWorkspaceWithAnotherWorkspacesDigestSeesNothing() async throws {
        try await seeded { fixture in
            let logger = fixture.logger
            let crossed = try await PostgresTenancy.withTenant(fixture.app, workspace: fixture.acme.id, digest: fixture.globex.digest, logger: logger) {
                try await counts($0, logger)
            }
            #expect(crossed.values.allSatisfy { $0 == 0 }, "\(crossed)")
            for digest in ["", "zz", String(repeating: "0", count: 64), fixture.acme.digest.hex.uppercased()] {
                let rows = try await fixture.app.client.withTransaction(logger: logger) { connection in
                    try await connection.query("SELECT set_config('airlock.workspace', 'acme', true), set_config('airlock.token_digest', \(digest), true)", logger: logger)
                    return try await counts(connection, logger)
                }
                #expect(rows.values.allSatisfy { $0 == 0 }, "digest \(digest.prefix(8)): \(rows)")
            }
        }
    }

    @Test func eachWorkspaceSeesExactlyItsOwnRows() async throws {
        try await seeded { fixture in
            let logger = fixture.logger
            for workspace in [fixture.acme, fixture.globex] {
                let seen = try await PostgresTenancy.withTenant(fixture.app, workspace: workspace.id, digest: workspace.digest, logger: logger) { connection in
                    var owners: Set<String> = []
                    for table in PostgresSchema.tenantTables {
                        for try await owner in try await connection.query(PostgresQuery(unsafeSQL: "SELECT workspace_id FROM airlock.\(table)"), logger: logger).decode(String.self) {
                            owners.insert(owner)
                        }
                    }
                    return (owners, try await counts(connection, logger))
                }
                #expect(seen.0 == [workspace.id.rawValue])
                #expect(seen.1.values.allSatisfy { $0 == 1 }, "\(seen.1)")
            }
        }
    }

    @Test func writesToAnotherWorkspaceAreRefusedOrReachNothing() async throws {
        try await seeded { fixture in
            let logger = fixture.logger
            await #expect {
                try await PostgresTenancy.withTenant(fixture.app, workspace: fixture.acme.id, digest: fixture.acme.digest, logger: logger) { connection in
                    try await connection.query(PostgresQuery(unsafeSQL: PostgresFixture.seedStatements("globex")[1].replacingOccurrences(of: "m-1", with: "m-planted")), logger: logger)
                }
            } throws: { error in
                String(reflecting: error).contains("row-level security")
            }
            let changed = try await PostgresTenancy.withTenant(fixture.app, workspace: fixture.acme.id, digest: fixture.acme.digest, logger: logger) { connection in
                var changed: [String] = []
                for statement in [
                    "UPDATE airlock.memory SET title = 'overwritten' WHERE workspace_id = 'globex' RETURNING id",
                    "DELETE FROM airlock.chat_session WHERE workspace_id = 'globex' RETURNING id",
                    "UPDATE airlock.memory SET workspace_id = 'globex' WHERE workspace_id = 'acme' AND false RETURNING id",
                ] {
                    for try await id in try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger).decode(String.self) { changed.append(id) }
                }
                return changed
            }
            #expect(changed.isEmpty)
            await #expect {
                try await PostgresTenancy.withTenant(fixture.app, workspace: fixture.acme.id, digest: fixture.acme.digest, logger: logger) { connection in
                    try await connection.query("UPDATE airlock.memory SET workspace_id = 'globex' WHERE workspace_id = 'acme'", logger: logger)
                }
            } throws: { error in
                String(reflecting: error).contains("row-level security")
            }
            let titles = try await fixture.admin.query("SELECT title FROM airlock.memory WHERE workspace_id = 'globex'")
            #expect(try titles.map { try $0.decode(String.self) } == ["Secret of globex"])
            #expect(try await fixture.admin.query("SELECT count(*) FROM airlock.chat_session WHERE workspace_id = 'globex'").first?.decode(Int.self) == 1)
        }
    }

    @Test func theApplicationRoleCannotReadDigestsOrTurnSecurityOff() async throws {
        try await seeded { fixture in
            for statement in [
                "SELECT token_digest FROM airlock.workspace",
                "SELECT wrapped_data_key FROM airlock.workspace",
                "UPDATE airlock.workspace SET token_digest = token_digest",
                "ALTER TABLE airlock.memory DISABLE ROW LEVEL SECURITY",
                "ALTER TABLE airlock.memory NO FORCE ROW LEVEL SECURITY",
                "DROP POLICY tenant_isolation ON airlock.memory",
                "SET ROLE \(fixture.roles.owner)",
                "CREATE TABLE airlock.planted (x int)",
            ] {
                await #expect(throws: (any Error).self, "\(statement)") { try await fixture.app.query(statement) }
            }
            // With row security off, a query that RLS would filter fails instead of seeing everything.
            await #expect(throws: (any Error).self) {
                try await fixture.app.client.withTransaction(logger: fixture.logger) { connection in
                    try await connection.query("SET LOCAL row_security = off", logger: fixture.logger)
                    try await connection.query("SELECT * FROM airlock.memory", logger: fixture.logger)
                }
            }
            let names = try await fixture.app.query("SELECT id, name FROM airlock.workspace ORDER BY id")
            #expect(try names.map { try $0.decode((String, String).self).0 } == ["acme", "globex"], "ids and names are the registry's public part")
        }
    }

    @Test func everyTenantTableHasForcedRowLevelSecurityAndAPolicy() async throws {
        try await PostgresFixture.with { fixture in
            // Every table of the schema with a workspace_id column, found in the catalog, not from a list.
            let tables = try await fixture.admin.query("""
                SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity,
                       (SELECT count(*) FROM pg_policies p WHERE p.schemaname = 'airlock' AND p.tablename = c.relname)::int
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = 'airlock' AND c.relkind IN ('r', 'p')
                  AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'workspace_id' AND NOT a.attisdropped)
                ORDER BY c.relname
                """).map { try $0.decode((String, Bool, Bool, Int).self) }
            #expect(Set(tables.map(\.0)) == Set(PostgresSchema.tenantTables))
            for (table, enabled, forced, policies) in tables {
                #expect(enabled, "\(table) has row-level security")
                #expect(forced, "\(table) forces row-level security")
                #expect(policies >= 1, "\(table) has a policy")
            }
            let role = try await fixture.admin.query("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = '\(fixture.roles.app)'")
                .first?.decode((Bool, Bool).self)
            #expect(role?.0 == false && role?.1 == false, "the application role is neither superuser nor BYPASSRLS")
            let owned = try await fixture.admin.query("""
                SELECT count(*)::int FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = 'airlock' AND pg_get_userbyid(c.relowner) = '\(fixture.roles.app)'
                """).first?.decode(Int.self)
            #expect(owned == 0, "the application role owns no table")
        }
    }
}
