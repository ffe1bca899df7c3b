import AirlockCore
import AirlockTestSupport
import Foundation
import GRDB
import Testing

@Suite("airlock audit")
struct AuditCommandTests {
    /// A workspace `acme` created in-process whose log holds five events:
    /// 1 workspace.create, 2–4 memory.add, 5 memory.list.
    private struct Seeded {
        let home: CLIHome
        let workspace: TestHome.Workspace

        init() async throws {
            home = try CLIHome()
            workspace = try await home.test.createWorkspace("acme", name: "Acme")
            let clock = home.test.clock
            try await home.test.withStore(workspace) { store in
                for title in ["One", "Two", "Three"] {
                    clock.advance(by: 1)
                    _ = try await store.addMemory(MemoryDraft(kind: .note, title: title, body: "body"))
                }
                _ = try await store.listMemory(kind: nil)
            }
        }

        func run(_ arguments: [String]) async throws -> AirlockProcess.Result {
            try await home.run(arguments, environment: ["AIRLOCK_TOKEN": workspace.token.revealed])
        }

        /// Opens the workspace database directly, drops the append-only triggers and runs `change`.
        func tamper(_ change: (Database) throws -> Void) throws {
            let queue = try DatabaseQueue(path: home.test.databasePath(of: workspace.id))
            try queue.write { db in
                try db.execute(sql: "DROP TRIGGER audit_event_no_update; DROP TRIGGER audit_event_no_delete")
                try change(db)
            }
            try queue.close()
        }

        /// The stored event `sequence`.
        static func event(_ sequence: Int64, in db: Database) throws -> AuditEvent {
            let row = try #require(try Row.fetchOne(db, sql: "SELECT * FROM audit_event WHERE seq = ?", arguments: [sequence]))
            return AuditEvent(
                workspaceID: try WorkspaceID(row["workspace_id"] as String),
                sequence: row["seq"], time: Date(millisecondsSince1970: row["time"]),
                actor: row["actor"], action: row["action"], resource: row["resource"],
                previousHash: Array(row["prev_hash"] as Data), hash: Array(row["hash"] as Data)
            )
        }
    }

    // MARK: - show

    @Test func showListsEventsOldestFirstAndNeverTheToken() async throws {
        let home = try CLIHome()
        let token = await try home.createWorkspace("Acme", id: "acme")
        let memory = try jsonObject(try await home.run(["memory", "add", "--workspace", "acme", "--kind", "note", "--title", "T", "--body", "b", "--json"]).stdout)
        let id = try #require(memory["id"] as? String)
        expectSuccess(try await home.run(["memory", "list", "--workspace", "acme"]))

        let human = try await home.run(["audit", "show", "--workspace", "acme"])
        expectSuccess(human)
        let lines = human.stdout.split(separator: "\n").map(String.init)
        try #require(lines.count == 4)
        #expect(lines[0].hasPrefix("SEQ  TIME                  ACTOR        ACTION            RESOURCE"))
        #expect(lines[1].hasPrefix("1    ") && lines[1].hasSuffix("  cli:analyst  workspace.create  workspace/acme"))
        #expect(lines[2].hasPrefix("2    ") && lines[2].hasSuffix("  cli:analyst  memory.add        memory/\(id)"))
        #expect(lines[3].hasPrefix("3    ") && lines[3].hasSuffix("  cli:analyst  memory.list       memory"))

        let json = try await home.run(["audit", "show", "--workspace", "acme", "--json"])
        expectSuccess(json)
        let events = try jsonArray(json.stdout)
        #expect(events.map { $0["seq"] as? Int } == [1, 2, 3, 4])
        #expect(events.map { $0["action"] as? String } == ["workspace.create", "memory.add", "memory.list", "audit.read"])
        #expect(events.map { $0["resource"] as? String } == ["workspace/acme", "memory/\(id)", "memory", "audit"])
        #expect(events.allSatisfy { $0["actor"] as? String == "cli:analyst" && $0["workspace"] as? String == "acme" })
        #expect(events.map(keys).allSatisfy { $0 == ["action", "actor", "hash", "prev_hash", "resource", "seq", "time", "workspace"] })
        #expect(events.first?["prev_hash"] as? String == String(repeating: "0", count: 64))
        for (previous, event) in zip(events, events.dropFirst()) {
            #expect(event["prev_hash"] as? String == previous["hash"] as? String)
        }

        let last = try await home.run(["audit", "show", "--workspace", "acme", "--last", "2", "--json"])
        expectSuccess(last)
        #expect(try jsonArray(last.stdout).map { $0["seq"] as? Int } == [4, 5])

        for output in [human.allOutput, json.allOutput, last.allOutput] {
            #expect(!output.contains(token))
        }
    }

    @Test func showNeverPrintsATokenGivenThroughTheEnvironment() async throws {
        let seeded = try await Seeded()
        let token = seeded.workspace.token.revealed
        let human = await try seeded.run(["audit", "show", "--workspace", "acme"])
        let json = await try seeded.run(["audit", "show", "--workspace", "acme", "--json"])
        expectSuccess(human)
        expectSuccess(json)
        #expect(try jsonArray(json.stdout).count == 6)
        #expect(!human.allOutput.contains(token))
        #expect(!json.allOutput.contains(token))
    }

    // MARK: - verify

    @Test func verifyReportsAnIntactChain() async throws {
        let seeded = try await Seeded()

        let first = await try seeded.run(["audit", "verify", "--workspace", "acme"])
        expectSuccess(first)
        #expect(first.stdout == "Audit log of acme verified: 5 events, chain intact.\n")

        let second = await try seeded.run(["audit", "verify", "--workspace", "acme"])
        expectSuccess(second)
        #expect(second.stdout == "Audit log of acme verified: 6 events, chain intact.\n")
    }

    @Test func verifyNamesAModifiedEvent() async throws {
        let seeded = try await Seeded()
        try seeded.tamper { db in
            try db.execute(sql: "UPDATE audit_event SET actor = 'cli:mallory' WHERE seq = 3")
        }
        await expectFailure(try seeded.run(["audit", "verify", "--workspace", "acme"]),
                      "audit event 3 was modified: its contents do not match its hash")
    }

    @Test func verifyNamesAModifiedResourceOrTime() async throws {
        let seeded = try await Seeded()
        try seeded.tamper { db in
            try db.execute(sql: "UPDATE audit_event SET time = time + 1 WHERE seq = 4")
            try db.execute(sql: "UPDATE audit_event SET resource = 'memory/m-forged' WHERE seq = 2")
        }
        await expectFailure(try seeded.run(["audit", "verify", "--workspace", "acme"]),
                      "audit event 2 was modified: its contents do not match its hash")
    }

    @Test func verifyNamesADeletedEvent() async throws {
        let seeded = try await Seeded()
        try seeded.tamper { db in
            try db.execute(sql: "DELETE FROM audit_event WHERE seq = 2")
        }
        await expectFailure(try seeded.run(["audit", "verify", "--workspace", "acme"]), "audit event 2 is missing")
    }

    @Test func verifyNamesTheEventCutOffTheEnd() async throws {
        let seeded = try await Seeded()
        try seeded.tamper { db in
            try db.execute(sql: "DELETE FROM audit_event WHERE seq = 5")
        }
        await expectFailure(try seeded.run(["audit", "verify", "--workspace", "acme"]),
                      "audit event 5 is missing: the log ends at event 4 but its sealed head is event 5")
    }

    @Test func verifyNamesSwappedEvents() async throws {
        let seeded = try await Seeded()
        try seeded.tamper { db in
            try db.execute(sql: "UPDATE audit_event SET seq = -1 WHERE seq = 2")
            try db.execute(sql: "UPDATE audit_event SET seq = 2 WHERE seq = 3")
            try db.execute(sql: "UPDATE audit_event SET seq = 3 WHERE seq = -1")
        }
        await expectFailure(try seeded.run(["audit", "verify", "--workspace", "acme"]),
                      "audit event 2 was modified: its contents do not match its hash")
    }

    @Test func verifyNamesReorderedEventsEvenWithRecomputedHashes() async throws {
        let seeded = try await Seeded()
        try seeded.tamper { db in
            let second = try Seeded.event(2, in: db)
            let third = try Seeded.event(3, in: db)
            // Swap the contents of events 2 and 3, each keeping its own link and getting a valid hash.
            for (sequence, source) in [(Int64(2), third), (Int64(3), second)] {
                let moved = AuditEvent(workspaceID: source.workspaceID, sequence: sequence, time: source.time, actor: source.actor,
                                       action: source.action, resource: source.resource, previousHash: source.previousHash, hash: [])
                try db.execute(
                    sql: "UPDATE audit_event SET time = ?, actor = ?, action = ?, resource = ?, prev_hash = ?, hash = ? WHERE seq = ?",
                    arguments: [moved.time.millisecondsSince1970, moved.actor, moved.action, moved.resource,
                                Data(moved.previousHash), Data(moved.expectedHash), sequence]
                )
            }
        }
        await expectFailure(try seeded.run(["audit", "verify", "--workspace", "acme"]),
                      "audit event 2 does not follow event 1: the chain was reordered or an event replaced")
    }

    @Test func verifyNamesAForgedEventAppendedAfterTheSealedHead() async throws {
        let seeded = try await Seeded()
        try seeded.tamper { db in
            let head = try Seeded.event(5, in: db).head
            let forged = AuditEvent.next(after: head, workspace: seeded.workspace.id, entry: AuditEntry(.memoryRemove, "memory/m-forged"),
                                         actor: AuditActor("cli:mallory"), time: Date(timeIntervalSince1970: 1_767_225_700))
            try db.execute(
                sql: "INSERT INTO audit_event (workspace_id, seq, time, actor, action, resource, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                arguments: [forged.workspaceID.rawValue, forged.sequence, forged.time.millisecondsSince1970, forged.actor,
                            forged.action, forged.resource, Data(forged.previousHash), Data(forged.hash)]
            )
        }
        await expectFailure(try seeded.run(["audit", "verify", "--workspace", "acme"]),
                      "audit event 6 was added after the last sealed head")
    }

    @Test func verifyKeepsFailingAfterABreakIsFound() async throws {
        let seeded = try await Seeded()
        try seeded.tamper { db in
            try db.execute(sql: "UPDATE audit_event SET action = 'memory.read' WHERE seq = 4")
        }
        for _ in 0..<2 {
            await expectFailure(try seeded.run(["audit", "verify", "--workspace", "acme"]),
                          "audit event 4 was modified: its contents do not match its hash")
        }
    }
}
