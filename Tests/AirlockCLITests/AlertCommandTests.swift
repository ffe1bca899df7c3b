import AirlockCore
import AirlockTestSupport
import Foundation
import GRDB
import Testing

@Suite("airlock audit alerts and ack")
struct AlertCommandTests {
    /// Workspaces `acme`, with a read burst and two failed-sign-in alerts, and `globex`,
    /// with none, made in-process.
    private struct Seeded {
        let home: CLIHome
        let acme: TestHome.Workspace
        let globex: TestHome.Workspace

        init() async throws {
            home = try CLIHome()
            acme = try await home.test.createWorkspace("acme", name: "Acme")
            globex = try await home.test.createWorkspace("globex", name: "Globex")
            let clock = home.test.clock
            try await home.test.withStore(acme) { store in
                let memory = try await store.addMemory(MemoryDraft(kind: .note, title: "Brief", body: "body"))
                for _ in 0..<60 {
                    clock.advance(by: 1)
                    _ = try await store.memory(memory.id)
                }
                clock.advance(by: 60)
                _ = try await store.reportFailedSignIns(5)
                clock.advance(by: 60)
                _ = try await store.reportFailedSignIns(8)
            }
        }

        func run(_ arguments: [String], as workspace: TestHome.Workspace? = nil) async throws -> AirlockProcess.Result {
            try await home.run(arguments, environment: ["AIRLOCK_TOKEN": (workspace ?? acme).token.revealed])
        }
    }

    @Test func alertsListsTheWorkspacesAlertsNewestFirst() async throws {
        let seeded = try await Seeded()
        let result = try await seeded.run(["audit", "alerts", "--workspace", "acme"])
        expectSuccess(result)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        try #require(lines.count == 4, "\(result.stdout)")
        #expect(lines[0].hasPrefix("ID ") && lines[0].contains("  TIME ") && lines[0].hasSuffix("SEVERITY  RULE             ACKNOWLEDGED  SUMMARY"))
        #expect(lines[1].contains("  2026-01-01T00:03:00Z  critical  failed-sign-ins  no            8 failed sign-in or token attempts"))
        #expect(lines[2].contains("  2026-01-01T00:02:00Z  critical  failed-sign-ins  no            5 failed sign-in"))
        #expect(lines[3].contains("  2026-01-01T00:00:50Z  warning   read-burst       no            50 reads of memory and sessions within 1 min"))
        #expect(lines.dropFirst().allSatisfy { $0.hasPrefix("al-") })

        let limited = try await seeded.run(["audit", "alerts", "--workspace", "acme", "--limit", "1", "--json"])
        expectSuccess(limited)
        let alerts = try jsonArray(limited.stdout)
        #expect(alerts.count == 1)
        #expect(alerts.map(keys) == [["acknowledged", "details", "id", "rule", "severity", "summary", "time", "workspace"]])
        #expect(alerts.first?["workspace"] as? String == "acme")
        #expect(alerts.first?["rule"] as? String == "failed-sign-ins")
        #expect((alerts.first?["details"] as? [String: Any])?["observed"] as? Int == 8)
    }

    @Test func anotherWorkspaceHasNoneAndAnAlertNeedsItsWorkspacesToken() async throws {
        let seeded = try await Seeded()
        let globex = try await seeded.run(["audit", "alerts", "--workspace", "globex"], as: seeded.globex)
        expectSuccess(globex)
        #expect(globex.stdout == "No alerts in workspace globex.\n")
        #expect(try jsonArray(try await seeded.run(["audit", "alerts", "--workspace", "globex", "--json"], as: seeded.globex).stdout).isEmpty)
        // acme's token does not open globex.
        expectOneLineFailure(try await seeded.run(["audit", "alerts", "--workspace", "globex"]))
        expectFailure(try await seeded.home.run(["audit", "alerts", "--workspace", "acme"]),
                      "no token for workspace acme: set AIRLOCK_TOKEN or run `airlock workspace join acme`")
    }

    @Test func ackMarksTheAlertAndRecordsIt() async throws {
        let seeded = try await Seeded()
        let listed = try jsonArray(try await seeded.run(["audit", "alerts", "--workspace", "acme", "--json"]).stdout)
        let id = try #require(listed.last?["id"] as? String)

        let acknowledged = try await seeded.run(["audit", "ack", "--workspace", "acme", id])
        expectSuccess(acknowledged)
        #expect(acknowledged.stdout == "Alert \(id) acknowledged (read-burst, 2026-01-01T00:00:50Z).\n")
        let after = try jsonArray(try await seeded.run(["audit", "alerts", "--workspace", "acme", "--json"]).stdout)
        #expect(after.map { $0["acknowledged"] as? Bool } == [false, false, true])
        let events = try jsonArray(try await seeded.run(["audit", "show", "--workspace", "acme", "--json"]).stdout)
        #expect(events.contains { $0["action"] as? String == "alert.acknowledge" && $0["resource"] as? String == "alert/\(id)" && $0["actor"] as? String == "cli:analyst" })

        expectFailure(try await seeded.run(["audit", "ack", "--workspace", "acme", "al-missing"]), "no alert al-missing in this workspace")
        expectFailure(try await seeded.run(["audit", "ack", "--workspace", "globex", id], as: seeded.globex), "no alert \(id) in this workspace")
        expectOneLineFailure(try await seeded.run(["audit", "ack", "--workspace", "acme", "../al-x"]))
    }

    @Test func aTamperedSummaryReachesTheTerminalAsVisibleText() async throws {
        let seeded = try await Seeded()
        let queue = try DatabaseQueue(path: seeded.home.test.databasePath(of: seeded.acme.id))
        try await queue.write { db in
            try db.execute(sql: "UPDATE alert SET summary = ? WHERE rule = 'read-burst'", arguments: ["evil \u{1B}]0;PWNED\u{07} title\nsecond \u{1B}[2J line"])
        }
        try await queue.close()
        let human = try await seeded.run(["audit", "alerts", "--workspace", "acme"])
        expectSuccess(human)
        #expect(!containsTerminalControl(human.stdout))
        #expect(human.stdout.split(separator: "\n").count == 4, "one line per alert: \(human.stdout)")
        let json = try await seeded.run(["audit", "alerts", "--workspace", "acme", "--json"])
        expectSuccess(json)
        #expect(!containsTerminalControl(json.stdout))
        #expect(try jsonArray(json.stdout).contains { ($0["summary"] as? String)?.hasPrefix("evil \u{1B}]0;PWNED") == true }, "JSON keeps the text, escaped")
    }
}
