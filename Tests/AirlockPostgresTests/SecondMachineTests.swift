import AirlockPostgresTestSupport
import AirlockTestSupport
import Foundation
import Testing

/// Two machines' Airlock pointed at one PostgreSQL database share the workspaces they
/// hold tokens for — and see nothing of the others.
@Suite("PostgreSQL storage: a second machine", .serialized, .timeLimit(.minutes(5)))
struct SecondMachineTests {
    @Test func aSecondMachineSeesTheWorkspacesItHoldsTokensForAndNothingElse() async throws {
        try await TestDatabase.with(prefix: "airlock_shared") { database in
            let masterKey = Machine.newMasterKey()
            let first = try Machine(storage: "postgres", databaseURL: database.appURL, masterKey: masterKey)
            let second = try Machine(storage: "postgres", databaseURL: database.appURL, masterKey: masterKey)
            try await second.initialize()
            let acmeToken = try await first.createWorkspace("Acme Corp", id: "acme")
            try await first.createWorkspace("Globex", id: "globex")
            try await first.succeed(["memory", "add", "--workspace", "acme", "--kind", "note", "--title", "Q3 plan", "--body", "launch in Lisbon"])
            try await first.succeed(["memory", "add", "--workspace", "globex", "--kind", "note", "--title", "Globex secret", "--body", "merger talks"])

            // Nothing in the second machine's keyring yet: it lists nothing and opens nothing.
            #expect(try await second.succeed(["workspace", "list"]).stdout.contains("acme") == false)
            let refused = try await second.run(["memory", "list", "--workspace", "acme"])
            #expect(refused.status != 0)

            try await second.succeed(["workspace", "join", "acme"], stdin: acmeToken + "\n")
            let listed = try await second.succeed(["workspace", "list"]).stdout
            #expect(listed.contains("acme") && listed.contains("Acme Corp"), "\(listed)")
            #expect(!listed.contains("globex"), "\(listed)")
            let memory = try await second.succeed(["memory", "list", "--workspace", "acme"]).stdout
            #expect(memory.contains("Q3 plan"), "the first machine's document: \(memory)")
            #expect(!memory.contains("Globex"))

            // Globex stays closed: no token, or acme's token presented for it.
            #expect(try await second.run(["memory", "list", "--workspace", "globex"]).status != 0)
            let wrong = try await second.run(["memory", "list", "--workspace", "globex"], environment: ["AIRLOCK_TOKEN": acmeToken])
            #expect(wrong.status != 0)
            #expect(!wrong.allOutput.contains("merger") && !wrong.allOutput.contains("Globex secret"))
            #expect(try await second.run(["workspace", "join", "globex"], stdin: acmeToken + "\n").status != 0)

            // What the second machine writes, the first reads.
            try await second.succeed(["memory", "add", "--workspace", "acme", "--kind", "persona", "--title", "Buyer Bea", "--body", "from machine two"])
            #expect(try await first.succeed(["memory", "list", "--workspace", "acme"]).stdout.contains("Buyer Bea"))
        }
    }

    @Test func anAccountAddedOnOneMachineSignsInOnAnotherToItsWorkspacesOnly() async throws {
        try await TestDatabase.with(prefix: "airlock_shared") { database in
            let masterKey = Machine.newMasterKey()
            let first = try Machine(storage: "postgres", databaseURL: database.appURL, masterKey: masterKey)
            let second = try Machine(storage: "postgres", databaseURL: database.appURL, masterKey: masterKey)
            try await second.initialize()
            try await first.createWorkspace("Acme Corp", id: "acme")
            try await first.createWorkspace("Globex", id: "globex")
            try await first.succeed(["user", "add", "bea@example.com"], stdin: "a long pass phrase\n")
            try await first.succeed(["user", "grant", "bea@example.com", "--workspace", "acme"])

            let wrong = try await second.run(["login", "bea@example.com"], stdin: "not the phrase\n")
            #expect(wrong.status != 0)
            let login = try await second.succeed(["login", "bea@example.com"], stdin: "a long pass phrase\n")
            #expect(login.stdout.contains("acme") && !login.stdout.contains("globex"), "\(login.stdout)")
            let listed = try await second.succeed(["workspace", "list"]).stdout
            #expect(listed.contains("acme") && !listed.contains("globex"), "\(listed)")
            try await second.succeed(["memory", "list", "--workspace", "acme"])
            #expect(try await second.run(["memory", "list", "--workspace", "globex"]).status != 0)
        }
    }

    @Test func aMachineWithAnotherMasterKeyOpensNothingEvenWithTheToken() async throws {
        try await TestDatabase.with(prefix: "airlock_shared") { database in
            let first = try Machine(storage: "postgres", databaseURL: database.appURL, masterKey: Machine.newMasterKey())
            let stranger = try Machine(storage: "postgres", databaseURL: database.appURL, masterKey: Machine.newMasterKey())
            try await stranger.initialize()
            let token = try await first.createWorkspace("Acme Corp", id: "acme")
            try await first.succeed(["memory", "add", "--workspace", "acme", "--kind", "note", "--title", "Q3 plan", "--body", "launch in Lisbon"])
            let result = try await stranger.run(["memory", "list", "--workspace", "acme"], environment: ["AIRLOCK_TOKEN": token])
            #expect(result.status != 0)
            #expect(result.stderr.contains("unknown workspace or invalid token"), "\(result.stderr)")
            #expect(!result.allOutput.contains("Q3 plan"))
        }
    }

    @Test func aMissingDatabaseURLIsOneClearLine() async throws {
        let machine = try Machine(storage: "postgres", masterKey: Machine.newMasterKey())
        let result = try await machine.run(["workspace", "list"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("AIRLOCK_DATABASE_URL"), "\(result.stderr)")
        #expect(result.stderr.filter(\.isNewline).count == 1)
    }

    @Test func anUnreachableDatabaseIsOneClearLineWithoutItsPassword() async throws {
        let port = try RefusingPort()
        let url = "postgres://airlock_app:not-shown-4711@127.0.0.1:\(port.port)/airlock?sslmode=disable"
        let machine = try Machine(storage: "postgres", databaseURL: url, masterKey: Machine.newMasterKey())
        let result = try await machine.run(["init"])
        #expect(result.status != 0)
        #expect(result.stderr.hasPrefix("airlock: PostgreSQL at 127.0.0.1:\(port.port): "), "\(result.stderr)")
        #expect(result.stderr.filter(\.isNewline).count == 1)
        #expect(!result.allOutput.contains("not-shown-4711"))
    }

    @Test func anUnknownStorageIsOneClearLine() async throws {
        let machine = try Machine(storage: "mongodb", masterKey: Machine.newMasterKey())
        let result = try await machine.run(["workspace", "list"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("storage") && result.stderr.contains("mongodb") && result.stderr.contains("sqlite, files, postgres"), "\(result.stderr)")
    }
}
