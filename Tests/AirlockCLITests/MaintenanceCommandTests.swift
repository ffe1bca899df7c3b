import AirlockCore
import AirlockTestSupport
import Foundation
import GRDB
import Testing

@Suite("airlock maintenance")
struct MaintenanceCommandTests {
    /// A home whose workspaces `acme`, `globex` and `initech` are in no keyring: the
    /// operator holds the master key only.
    private func home() async throws -> CLIHome {
        let home = try CLIHome()
        for id in ["acme", "globex", "initech"] { _ = try await home.test.createWorkspace(id) }
        return home
    }

    /// The actions of workspace `id`'s audit log.
    private func actions(_ home: CLIHome, _ id: String) async throws -> [String] {
        let queue = try DatabaseQueue(path: home.test.databasePath(of: try WorkspaceID(id)))
        let actions = try await queue.read { db in try String.fetchAll(db, sql: "SELECT action || ' ' || actor FROM audit_event ORDER BY seq") }
        try await queue.close()
        return actions
    }

    @Test func verifyAllChecksEveryWorkspaceWithoutATokenAndRecordsItInEach() async throws {
        let home = try await home()
        let result = try await home.run(["maintenance", "verify", "--all"])
        expectSuccess(result)
        #expect(result.stdout == """
            acme  ok  integrity ok; audit chain intact (1 events)
            globex  ok  integrity ok; audit chain intact (1 events)
            initech  ok  integrity ok; audit chain intact (1 events)

            """)
        for id in ["acme", "globex", "initech"] {
            #expect(try await actions(home, id) == ["workspace.create test:analyst", "maintenance.verify cli:analyst"])
        }
    }

    @Test func vacuumOneWorkspaceTouchesOnlyThatOne() async throws {
        let home = try await home()
        let result = try await home.run(["maintenance", "vacuum", "--workspace", "globex"])
        expectSuccess(result)
        #expect(result.stdout.hasPrefix("globex  ok  vacuumed: "))
        #expect(result.stdout.filter(\.isNewline).count == 1)
        #expect(try await actions(home, "globex").last == "maintenance.vacuum cli:analyst")
        #expect(try await actions(home, "acme") == ["workspace.create test:analyst"])
        #expect(try await actions(home, "initech") == ["workspace.create test:analyst"])
    }

    @Test func aBrokenWorkspaceIsReportedTheOthersStillRunAndTheExitIsNonZero() async throws {
        let home = try await home()
        let queue = try DatabaseQueue(path: home.test.databasePath(of: try WorkspaceID("globex")))
        try await queue.write { db in
            try db.execute(sql: "DROP TRIGGER audit_event_no_update; UPDATE audit_event SET actor = 'cli:mallory' WHERE seq = 1")
        }
        try await queue.close()
        let result = try await home.run(["maintenance", "verify", "--all"])
        #expect(result.status != 0)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines == [
            "acme  ok  integrity ok; audit chain intact (1 events)",
            "globex  FAILED  audit event 1 was modified: its contents do not match its hash",
            "initech  ok  integrity ok; audit chain intact (1 events)",
        ])
        #expect(result.stderr == "airlock: maintenance verify failed for 1 of 3 workspaces\n")
    }

    @Test func aWorkspaceOutsideTheRegistryIsReported() async throws {
        let home = try await home()
        let result = try await home.run(["maintenance", "vacuum", "--workspace", "ghost"])
        #expect(result.status != 0)
        #expect(result.stdout == "ghost  FAILED  workspace ghost is not in the registry\n")
        #expect(result.stderr == "airlock: maintenance vacuum failed for 1 of 1 workspace\n")
        #expect(try home.clientEntries() == ["acme", "globex", "initech"])
    }

    @Test(arguments: [["--all", "--workspace", "acme"], []])
    func eitherAllOrOneWorkspaceMustBeChosen(selection: [String]) async throws {
        let home = try await home()
        let result = try await home.run(["maintenance", "verify"] + selection)
        #expect(result.status != 0)
        #expect(result.stdout == "")
        #expect(result.stderr.contains("give either --all or --workspace ID"))
        #expect(try await actions(home, "acme") == ["workspace.create test:analyst"])
    }

    @Test func anInvalidWorkspaceIDIsRefusedBeforeAnything() async throws {
        let home = try await home()
        expectFailure(try await home.run(["maintenance", "verify", "--workspace", "../acme"]),
                      #"workspace id "../acme" contains "."; only a-z, 0-9 and '-' are allowed"#)
    }
}
