import AirlockCore
import Foundation
import Logging
import PostgresNIO
import Testing

@testable import AirlockPostgres

/// The registry's keys on PostgreSQL: raw SQL as the application role reads no digest and
/// no wrapped key, and the key functions act only for a transaction that presents the
/// workspace's current digest.
@Suite("PostgreSQL registry security", .serialized, .timeLimit(.minutes(3)))
struct PostgresRegistrySecurityTests {
    private let key = String(repeating: "5a", count: 60)

    /// The fixture with `acme` holding a wrapped data key.
    private func keyed(_ body: (PostgresFixture) async throws -> Void) async throws {
        try await PostgresFixture.with { fixture in
            try await fixture.admin.query("UPDATE airlock.workspace SET wrapped_data_key = '\\x\(key)' WHERE id = 'acme'")
            try await body(fixture)
        }
    }

    /// What the administrator sees of every workspace row: id, digest and key in hex, rotation time.
    private func registryRows(_ fixture: PostgresFixture) async throws -> [String] {
        try await fixture.admin.query("""
            SELECT id || ' ' || encode(token_digest, 'hex') || ' ' || coalesce(encode(wrapped_data_key, 'hex'), 'null') || ' ' || coalesce(rotated_at::text, 'null')
            FROM airlock.workspace ORDER BY id
            """).map { try $0.decode(String.self) }
    }

    /// Calls every key function in `connection` and returns what each answered.
    private func callKeyFunctions(_ connection: PostgresConnection, _ logger: Logger) async throws -> [String] {
        let digest = String(repeating: "77", count: 32)
        var answers: [String] = []
        let keys = try await connection.query("SELECT count(*)::int FROM airlock.tenant_data_key()", logger: logger).collect()
        answers.append("tenant_data_key rows: \(try keys.first?.decode(Int.self) ?? -1)")
        for expected in ["NULL", "'\\x\(key)'::bytea", "''::bytea"] {
            let statement = "SELECT airlock.replace_tenant_keys(\(expected), '\\x\(digest)', NULL, 1)"
            let replaced = try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger).collect()
            answers.append("replace_tenant_keys(\(expected)): \(try replaced.first?.decode(Bool.self) ?? true)")
        }
        for function in ["destroy_tenant_data_key", "delete_tenant_workspace"] {
            let answer = try await connection.query(PostgresQuery(unsafeSQL: "SELECT airlock.\(function)()"), logger: logger).collect()
            answers.append("\(function): \(try answer.first?.decode(Bool.self) ?? true)")
        }
        return answers
    }

    private let nothing = [
        "tenant_data_key rows: 0", "replace_tenant_keys(NULL): false", "replace_tenant_keys('\\x\(String(repeating: "5a", count: 60))'::bytea): false",
        "replace_tenant_keys(''::bytea): false", "destroy_tenant_data_key: false", "delete_tenant_workspace: false",
    ]

    @Test func rawSQLAsTheApplicationRoleReadsNoDigestAndNoKey() async throws {
        try await keyed { fixture in
            for statement in [
                "SELECT token_digest FROM airlock.workspace",
                "SELECT wrapped_data_key FROM airlock.workspace",
                "SELECT * FROM airlock.workspace",
                "SELECT id FROM airlock.workspace WHERE token_digest IS NOT NULL",
                "SELECT id FROM airlock.workspace WHERE length(wrapped_data_key) > 0",
                "INSERT INTO airlock.workspace (id, name, token_digest, created_at) VALUES ('planted', 'p', '\\x\(key.prefix(64))', 0) RETURNING token_digest",
                "UPDATE airlock.workspace SET wrapped_data_key = NULL",
                "DELETE FROM airlock.workspace",
            ] {
                await #expect(throws: (any Error).self, "\(statement)") { try await fixture.app.query(statement) }
            }
        }
    }

    @Test func theKeyFunctionsDoNothingWithoutTheCurrentDigest() async throws {
        try await keyed { fixture in
            let logger = fixture.logger
            let before = try await registryRows(fixture)
            let unset = try await fixture.app.client.withTransaction(logger: logger) { try await callKeyFunctions($0, logger) }
            #expect(unset == nothing, "no settings")
            let idOnly = try await fixture.app.client.withTransaction(logger: logger) { connection in
                try await connection.query("SELECT set_config('airlock.workspace', 'acme', true)", logger: logger)
                return try await callKeyFunctions(connection, logger)
            }
            #expect(idOnly == nothing, "a workspace id without a digest")
            for (workspace, digest) in [(fixture.acme.id, fixture.globex.digest), (try WorkspaceID("initech"), fixture.acme.digest)] {
                let answers = try await PostgresTenancy.withTenant(fixture.app, workspace: workspace, digest: digest, logger: logger) {
                    try await callKeyFunctions($0, logger)
                }
                #expect(answers == nothing, "\(workspace) with a digest that is not its own")
            }
            #expect(try await registryRows(fixture) == before, "nothing changed")

            let own = try await PostgresTenancy.withTenant(fixture.app, workspace: fixture.acme.id, digest: fixture.acme.digest, logger: logger) { connection in
                try await connection.query("SELECT encode(wrapped_data_key, 'hex') FROM airlock.tenant_data_key()", logger: logger).collect().map { try $0.decode(String.self) }
            }
            #expect(own == [key], "with its own digest the workspace reads its key")
        }
    }

    @Test func deletingAWorkspaceTakesItsTenantRowsAndNoOthers() async throws {
        try await PostgresFixture.with { fixture in
            let logger = fixture.logger
            try await fixture.seed(fixture.acme)
            try await fixture.seed(fixture.globex)
            let deleted = try await PostgresTenancy.withTenant(fixture.app, workspace: fixture.acme.id, digest: fixture.acme.digest, logger: logger) {
                try await $0.query("SELECT airlock.delete_tenant_workspace()", logger: logger).collect().first?.decode(Bool.self)
            }
            #expect(deleted == true)
            for table in PostgresSchema.tenantTables {
                let owners = try await fixture.admin.query("SELECT workspace_id FROM airlock.\(table)").map { try $0.decode(String.self) }
                #expect(owners == ["globex"], "\(table): the audit trigger lets the cascade through, and only acme's rows go")
            }
            #expect(try await fixture.admin.query("SELECT id FROM airlock.workspace").map { try $0.decode(String.self) } == ["globex"])
        }
    }

    @Test func everySecurityDefinerFunctionPinsItsSearchPathAndOnlyTheApplicationRoleMayCallIt() async throws {
        try await PostgresFixture.with { fixture in
            let functions = try await fixture.admin.query("""
                SELECT p.oid::regprocedure::text, coalesce(array_to_string(p.proconfig, ';'), ''), pg_get_userbyid(p.proowner)::text,
                       has_function_privilege('\(fixture.roles.app)', p.oid, 'EXECUTE'),
                       EXISTS (SELECT 1 FROM aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a WHERE a.grantee = 0)
                FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                WHERE n.nspname = 'airlock' AND p.prosecdef
                ORDER BY 1
                """).map { try $0.decode((String, String, String, Bool, Bool).self) }
            let expected = ["airlock.current_tenant()"] + RegistrySchema.keyFunctions.map { $0.replacingOccurrences(of: " ", with: "") }
            #expect(Set(functions.map(\.0)) == Set(expected))
            for (function, configuration, owner, appMayCall, publicMayCall) in functions {
                #expect(configuration.contains("search_path=pg_catalog, pg_temp"), "\(function): \(configuration)")
                #expect(owner == fixture.roles.owner, "\(function) is owned by the schema owner")
                #expect(appMayCall, "\(function) is granted to the application role")
                #expect(!publicMayCall, "\(function) is not granted to PUBLIC")
            }
            let steps = fixture.setupSteps.joined(separator: "\n")
            #expect(steps.contains("applied migration v2-accounts-key-functions as \(fixture.roles.owner)"))
            #expect(steps.contains("granted \(fixture.roles.app): the account tables (user_account, membership, sign_in_attempt), and the key functions"))
        }
    }
}
