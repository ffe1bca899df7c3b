import AirlockCore
import AirlockStore
import AirlockTestSupport
import Foundation
import Testing

/// The command line, driven in workspace A with both workspaces in the user's keyring:
/// no output names anything of B, B's items look like missing ones, A's token does not
/// reach B, and trick identifiers are refused before the home is touched.
@Suite struct CLIIsolationTests {
    /// A fixture whose keyring (beside the home) holds the tokens of both workspaces.
    private func fixtureWithKeyring() async throws -> IsolationFixture {
        let fixture = try await IsolationFixture.make()
        let keyring = Keyring(path: Keyring.location(environment: fixture.home.environment))
        for seeded in [fixture.a, fixture.b] {
            try keyring.save(KeyringEntry(home: fixture.home.home, workspace: seeded.id, name: "Client \(seeded.id)", token: seeded.workspace.token))
        }
        return fixture
    }

    private func run(_ fixture: IsolationFixture, _ arguments: [String], stdin: String = "", token: String? = nil) async throws -> AirlockProcess.Result {
        var environment = fixture.home.environment
        environment["AIRLOCK_TOKEN"] = token
        return try await AirlockProcess.run(arguments, environment: environment, stdin: stdin)
    }

    @Test func everyCommandInAPrintsNothingOfB() async throws {
        let fixture = try await fixtureWithKeyring()
        let a = ["--workspace", fixture.a.id.rawValue]
        let memory = fixture.a.memoryIDs[0].rawValue
        let session = fixture.a.sessionIDs[0].rawValue
        let output = TemporaryDirectory.self
        let exports = try output.init(prefix: "airlock-export")
        var commands: [[String]] = [
            ["workspace", "list"], ["workspace", "list", "--json"],
            ["memory", "list"] + a, ["memory", "list", "--json"] + a, ["memory", "list", "--kind", "persona"] + a,
            ["memory", "show", memory] + a, ["memory", "show", memory, "--json"] + a,
            ["memory", "search", "campaign"] + a, ["memory", "search", "campaign", "--json"] + a,
            ["memory", "search", "東京"] + a, ["memory", "search", "キャンペーン"] + a,
            ["memory", "add", "--kind", "note", "--title", "Scratch", "--body", "scratch"] + a,
            ["memory", "edit", memory, "--title", "Brand voice (edited)"] + a,
            ["session", "list"] + a, ["session", "list", "--json"] + a,
            ["session", "show", session] + a, ["session", "show", session, "--json"] + a,
            ["session", "export", session] + a, ["session", "export", session, "--format", "json"] + a,
            ["session", "export", session, "--output", exports.appending("session.md")] + a,
            ["audit", "show"] + a, ["audit", "show", "--json"] + a, ["audit", "verify"] + a,
        ]
        for canary in fixture.b.canaries {
            commands.append(["memory", "search", canary, "--json"] + a)
        }
        for arguments in commands {
            let result = await try run(fixture, arguments)
            #expect(result.status == 0, "\(arguments) failed: \(result.stderr)")
            expectNoLeak(of: fixture.b, in: result.allOutput, from: arguments.joined(separator: " "))
        }
        let exported = try String(contentsOfFile: exports.appending("session.md"), encoding: .utf8)
        #expect(exported.contains(fixture.a.canaries[5]), "the export holds A's own messages")
        expectNoLeak(of: fixture.b, in: exported, from: "session export --output")

        let removed = await try run(fixture, ["memory", "rm", fixture.a.memoryIDs[1].rawValue] + a)
        #expect(removed.status == 0)
        expectNoLeak(of: fixture.b, in: removed.allOutput, from: "memory rm")
    }

    @Test func anExportOfAHoldsNothingOfBAndImportsAsAAlone() async throws {
        let fixture = try await fixtureWithKeyring()
        let exports = try TemporaryDirectory(prefix: "airlock-export")
        let directory = exports.appending("a")
        let exported = await try run(fixture, ["export", "--workspace", fixture.a.id.rawValue, directory])
        #expect(exported.status == 0, "\(exported.stderr)")
        expectNoLeak(of: fixture.b, in: exported.allOutput, from: "export")
        var written = ""
        let enumerator = try #require(FileManager.default.enumerator(atPath: directory))
        while let relative = enumerator.nextObject() as? String {
            expectNoLeak(of: fixture.b, in: relative, from: "export file name")
            if let text = try? String(contentsOfFile: directory + "/" + relative, encoding: .utf8) { written += text }
        }
        #expect(written.contains(fixture.a.canaries[0]), "the export holds A's own memory")
        expectNoLeak(of: fixture.b, in: written, from: "export files")

        let other = try TestHome()
        var environment = other.environment
        environment["AIRLOCK_TOKEN"] = fixture.a.workspace.token.revealed
        let imported = try await AirlockProcess.run(["import", directory], environment: environment)
        #expect(imported.status == 0, "\(imported.stderr)")
        let records = try await other.manager.registryListing()
        #expect(records.map(\.id) == [fixture.a.id], "the import brings A alone")
    }

    @Test func bItemsAddressedFromALookExactlyLikeMissingOnes() async throws {
        let fixture = try await fixtureWithKeyring()
        let a = ["--workspace", fixture.a.id.rawValue]
        let missingMemory = MemoryID.generate().rawValue
        let missingSession = SessionID.generate().rawValue
        for (bItem, missing, commands) in [
            (fixture.b.memoryIDs[0].rawValue, missingMemory, [["memory", "show"], ["memory", "rm"], ["memory", "edit", "--title", "x"]]),
            (fixture.b.sessionIDs[0].rawValue, missingSession, [["session", "show"], ["session", "export"]]),
        ] {
            for command in commands {
                let forB = await try run(fixture, command + [bItem] + a)
                let forMissing = await try run(fixture, command + [missing] + a)
                #expect(forB.status != 0)
                #expect(forB.status == forMissing.status)
                #expect(forB.stdout.isEmpty)
                #expect(forB.stderr.replacingOccurrences(of: bItem, with: "ID") == forMissing.stderr.replacingOccurrences(of: missing, with: "ID"))
            }
        }
        let intact = await try run(fixture, ["memory", "show", fixture.b.memoryIDs[0].rawValue, "--workspace", fixture.b.id.rawValue])
        #expect(intact.status == 0)
        #expect(intact.stdout.contains(fixture.b.canaries[1]), "B's document survived A's attempts")
    }

    @Test func aTokenCannotReachBAndCannotTellWhetherBExists() async throws {
        let fixture = try await fixtureWithKeyring()
        // Room for every attempt below; the next test shows the limits treat B and a
        // missing workspace alike too.
        try writeConfiguration(#"{ "limits": { "sign_in_per_minute": 1000 }, "sign_in": { "max_failures": 1000 } }"#, for: fixture)
        let aToken = fixture.a.workspace.token.revealed
        let forged = WorkspaceToken.generate().revealed
        let bSnapshot = DirectorySnapshot(of: fixture.home.home.root + "/clients/" + fixture.b.id.rawValue)
        var messages: Set<String> = []
        for (workspace, token) in [(fixture.b.id.rawValue, aToken), (fixture.b.id.rawValue, forged), ("no-such-client", aToken)] {
            for command in [["memory", "list"], ["session", "list"], ["audit", "show"], ["memory", "rm", fixture.b.memoryIDs[0].rawValue]] {
                let result = await try run(fixture, command + ["--workspace", workspace], token: token)
                #expect(result.status == 1)
                #expect(result.stdout.isEmpty)
                messages.insert(result.stderr)
            }
        }
        #expect(messages == ["airlock: unknown workspace or invalid token\n"])
        #expect(DirectorySnapshot(of: fixture.home.home.root + "/clients/" + fixture.b.id.rawValue) == bSnapshot)
    }

    @Test func lockoutsAndSignInLimitsCannotTellWhetherBExistsEither() async throws {
        let fixture = try await fixtureWithKeyring()
        let aToken = fixture.a.workspace.token.revealed
        var sequences: [[String]] = []
        for workspace in [fixture.b.id.rawValue, "no-such-client"] {
            var messages: [String] = []
            for _ in 0..<8 {
                let result = await try run(fixture, ["memory", "list", "--workspace", workspace], token: aToken)
                #expect(result.status == 1)
                #expect(result.stdout.isEmpty)
                // Retry times tick with the wall clock; the workspace id is the one asked for.
                messages.append(result.stderr.replacingOccurrences(of: workspace, with: "ID").filter { !$0.isNumber })
            }
            sequences.append(messages)
        }
        #expect(sequences[0] == sequences[1])
        #expect(sequences[0].contains { $0.contains("locked") || $0.contains("rate limit") }, "\(sequences[0])")
    }

    /// Writes `json` as the configuration the fixture's CLI runs read.
    private func writeConfiguration(_ json: String, for fixture: IsolationFixture) throws {
        let directory = try #require(fixture.home.environment["XDG_CONFIG_HOME"]) + "/airlock"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try Data(json.utf8).write(to: URL(fileURLWithPath: directory + "/config.json"))
    }

    @Test func trickIdentifiersAreRefusedBeforeTheHomeIsTouched() async throws {
        let fixture = try await fixtureWithKeyring()
        let homeBefore = DirectorySnapshot(of: fixture.home.directory.path)
        for raw in PathIsolationTests.trickIDs where !raw.contains("\0") {
            for command in [["memory", "list", "--workspace", raw], ["workspace", "delete", raw, "--yes"], ["workspace", "create", "Trick", "--id", raw]] {
                let result = await try run(fixture, command)
                #expect(result.status != 0, "\(command) must fail")
                #expect(result.stdout.isEmpty)
                #expect(result.stderr.hasPrefix("airlock: "))
                #expect(result.stderr.filter { $0 == "\n" }.count == 1, "one line: \(result.stderr)")
                #expect(!result.stderr.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" }, "no raw control characters")
            }
            for command in [["memory", "show", "--workspace", fixture.a.id.rawValue, "--", raw], ["session", "show", "--workspace", fixture.a.id.rawValue, "--", raw]] where !raw.isEmpty {
                let result = await try run(fixture, command)
                #expect(result.status != 0)
                #expect(result.stderr.contains(" id "), "the error names the bad id: \(result.stderr)")
            }
        }
        #expect(DirectorySnapshot(of: fixture.home.directory.path) == homeBefore, "nothing in the home or keyring changed")
    }
}
