import AirlockTestSupport
import Foundation
import Testing

@Suite("errors: one line on stderr, nothing on stdout, nothing half-written")
struct ErrorReportingTests {
    // MARK: - identifiers

    @Test(arguments: [
        ("../escape", #"workspace id "../escape" contains "."; only a-z, 0-9 and '-' are allowed"#),
        ("a/b", #"workspace id "a/b" contains "/"; only a-z, 0-9 and '-' are allowed"#),
        ("..", #"workspace id ".." contains "."; only a-z, 0-9 and '-' are allowed"#),
        ("/etc", #"workspace id "/etc" contains "/"; only a-z, 0-9 and '-' are allowed"#),
        ("Acme", #"workspace id "Acme" contains "A"; only a-z, 0-9 and '-' are allowed"#),
        ("\u{430}cme", #"workspace id "\#u{430}cme" contains the non-ASCII character U+0430; only a-z, 0-9 and '-' are allowed"#),
    ])
    func invalidWorkspaceIDIsRefusedByEveryCommandBeforeTouchingAnything(id: String, message: String) async throws {
        let home = try CLIHome()
        let token = await try home.createWorkspace("Acme", id: "acme")
        let snapshot = DirectorySnapshot(of: home.test.directory.path)
        let keyring = FileManager.default.contents(atPath: home.keyringPath)

        let runs: [([String], String)] = [
            (["workspace", "create", "Evil", "--id", id], ""),
            (["workspace", "join", id], token),
            (["workspace", "rotate-token", id], ""),
            (["workspace", "delete", id, "--yes"], ""),
            (["memory", "list", "--workspace", id], ""),
            (["memory", "add", "--workspace", id, "--kind", "note", "--title", "T", "--body", "b"], ""),
            (["session", "list", "--workspace", id], ""),
            (["audit", "show", "--workspace", id], ""),
            (["audit", "verify", "--workspace", id], ""),
        ]
        for (arguments, stdin) in runs {
            let result = try await home.run(arguments, environment: ["AIRLOCK_TOKEN": token], stdin: stdin)
            expectFailure(result, message)
        }

        #expect(DirectorySnapshot(of: home.test.directory.path) == snapshot)
        #expect(FileManager.default.contents(atPath: home.keyringPath) == keyring)
        #expect(try home.clientEntries() == ["acme"])
        #expect(!FileManager.default.fileExists(atPath: home.root + "/escape"))
    }

    @Test func invalidMemoryAndSessionIDsAreRefused() async throws {
        let home = try CLIHome()
        await try home.createWorkspace("Acme", id: "acme")
        expectFailure(try await home.run(["memory", "show", "--workspace", "acme", "../m-x"]),
                      #"memory id "../m-x" contains "."; only a-z, 0-9 and '-' are allowed"#)
        expectFailure(try await home.run(["memory", "rm", "--workspace", "acme", "m/x"]),
                      #"memory id "m/x" contains "/"; only a-z, 0-9 and '-' are allowed"#)
        expectFailure(try await home.run(["session", "export", "--workspace", "acme", "../s-x"]),
                      #"session id "../s-x" contains "."; only a-z, 0-9 and '-' are allowed"#)
    }

    // MARK: - memory input

    @Test func unknownKindIsRefusedAndNothingIsAdded() async throws {
        let home = try CLIHome()
        await try home.createWorkspace("Acme", id: "acme")
        let result = try await home.run(["memory", "add", "--workspace", "acme", "--kind", "gossip", "--title", "T", "--body", "b"])
        expectFailure(result, #"invalid memory kind: "gossip" is not one of brand_voice, persona, competitive, campaign, note"#)
        expectFailure(try await home.run(["memory", "list", "--workspace", "acme", "--kind", "gossip"]),
                      #"invalid memory kind: "gossip" is not one of brand_voice, persona, competitive, campaign, note"#)
        #expect(try await jsonArray(try home.run(["memory", "list", "--workspace", "acme", "--json"]).stdout).isEmpty)
    }

    @Test(arguments: [
        ("", "invalid title: it is empty"),
        ("   ", "invalid title: it is empty"),
        ("two\nlines", "invalid title: it contains control characters or line breaks"),
        ("bell\u{07}", "invalid title: it contains control characters or line breaks"),
        (String(repeating: "x", count: 201), "invalid title: it is 201 characters long; the limit is 200"),
    ])
    func badTitleIsRefusedAndNothingIsAdded(title: String, message: String) async throws {
        let home = try CLIHome()
        await try home.createWorkspace("Acme", id: "acme")
        let result = try await home.run(["memory", "add", "--workspace", "acme", "--kind", "note", "--title", title, "--body", "b"])
        expectFailure(result, message)
        #expect(try await jsonArray(try home.run(["memory", "list", "--workspace", "acme", "--json"]).stdout).isEmpty)
    }

    @Test func badTagAndNulBodyAreRefused() async throws {
        let home = try CLIHome()
        await try home.createWorkspace("Acme", id: "acme")
        expectFailure(try await home.run(["memory", "add", "--workspace", "acme", "--kind", "note", "--title", "T", "--body", "b", "--tags", "ok,no spaces"]),
                      #"invalid tag: "no spaces" may hold only letters, digits, '-' and '_'"#)
        expectFailure(try await home.run(["memory", "add", "--workspace", "acme", "--kind", "note", "--title", "T"], stdin: "nul\u{0}byte"),
                      "invalid body: it contains a NUL character")
        expectFailure(try await home.run(["memory", "search", "--workspace", "acme", " "]), "invalid search query: it is empty")
        #expect(try await jsonArray(try home.run(["memory", "list", "--workspace", "acme", "--json"]).stdout).isEmpty)
    }

    // MARK: - arguments

    @Test func missingWorkspaceOptionIsOneLine() async throws {
        let home = try CLIHome()
        for arguments in [["memory", "list"], ["memory", "add", "--kind", "note", "--title", "T", "--body", "b"],
                          ["session", "list"], ["audit", "verify"]] {
            expectFailure(try await home.run(arguments), "Missing expected argument '--workspace <id>'")
        }
    }

    @Test func unknownCommandsAndOptionsAreOneLine() async throws {
        let home = try CLIHome()
        for arguments in [["frobnicate"], ["workspace", "explode"], ["memory", "list", "--workspace", "acme", "--bogus"],
                          ["audit", "show", "--workspace", "acme", "--last", "many"]] {
            expectOneLineFailure(try await home.run(arguments))
        }
    }

    // MARK: - tokens

    @Test(arguments: ["not-a-token", "abc123", String(repeating: "g", count: 64)])
    func malformedEnvironmentTokenIsRefusedWithoutEchoingIt(token: String) async throws {
        let home = try CLIHome()
        await try home.createWorkspace("Acme", id: "acme")
        let result = try await home.run(["memory", "list", "--workspace", "acme"], environment: ["AIRLOCK_TOKEN": token])
        expectFailure(result, "invalid token format: a workspace token is 64 lowercase hexadecimal characters")
        #expect(!result.stderr.contains(token))
    }

    @Test func uppercaseTokenIsMalformed() async throws {
        let home = try CLIHome()
        let token = await try home.createWorkspace("Acme", id: "acme")
        let result = try await home.run(["memory", "list", "--workspace", "acme"], environment: ["AIRLOCK_TOKEN": token.uppercased()])
        expectFailure(result, "invalid token format: a workspace token is 64 lowercase hexadecimal characters")
        #expect(!result.allOutput.lowercased().contains(token))
    }

    @Test func wrongTokenAndUnknownWorkspaceGiveTheSameError() async throws {
        let home = try CLIHome()
        await try home.createWorkspace("Acme", id: "acme")
        let other = await try home.createWorkspace("Other", id: "other")

        let wrongToken = try await home.run(["memory", "list", "--workspace", "acme"], environment: ["AIRLOCK_TOKEN": other])
        let unknownWorkspace = try await home.run(["memory", "list", "--workspace", "nobody"], environment: ["AIRLOCK_TOKEN": other])

        expectFailure(wrongToken, "unknown workspace or invalid token")
        expectFailure(unknownWorkspace, "unknown workspace or invalid token")
        #expect(wrongToken.stderr == unknownWorkspace.stderr)
        #expect(wrongToken.status == unknownWorkspace.status)
    }

    @Test func missingTokenNamesHowToGetOne() async throws {
        let home = try CLIHome()
        await try home.createWorkspace("Acme", id: "acme")
        let empty = try TemporaryDirectory()
        let result = try await home.run(["memory", "list", "--workspace", "acme"], environment: ["XDG_CONFIG_HOME": empty.path])
        expectFailure(result, "no token for workspace acme: set AIRLOCK_TOKEN or run `airlock workspace join acme`")
    }

    @Test func keyringReadableByOthersIsRefused() async throws {
        let home = try CLIHome()
        await try home.createWorkspace("Acme", id: "acme")
        #expect(chmod(home.keyringPath, 0o644) == 0)
        expectOneLineFailure(try await home.run(["memory", "list", "--workspace", "acme"]))
    }

    // MARK: - failed create leaves nothing behind

    @Test func createWithTakenIdLeavesExistingWorkspaceAndKeyringAlone() async throws {
        let home = try CLIHome()
        let token = await try home.createWorkspace("Acme", id: "acme")
        let keyring = FileManager.default.contents(atPath: home.keyringPath)

        let result = try await home.run(["workspace", "create", "Impostor", "--id", "acme"])

        expectFailure(result, "workspace acme already exists")
        #expect(FileManager.default.contents(atPath: home.keyringPath) == keyring)
        #expect(try home.keyringToken(for: "acme") == token)
        #expect(try home.clientEntries() == ["acme"])
        let records = try jsonArray(try await home.run(["workspace", "list", "--all", "--json"]).stdout)
        #expect(records.map { $0["name"] as? String } == ["Acme"])
        expectSuccess(try await home.run(["memory", "list", "--workspace", "acme"]))
    }

    @Test(arguments: [
        ("", "invalid workspace name: it is empty"),
        ("Two\nLines", "invalid workspace name: it contains control characters or line breaks"),
        ("Evil\u{1B}[2J", "invalid workspace name: it contains control characters or line breaks"),
        (String(repeating: "n", count: 101), "invalid workspace name: it is 101 characters long; the limit is 100"),
    ])
    func createWithBadNameLeavesNoDirectoryAndNoKeyringEntry(name: String, message: String) async throws {
        let home = try CLIHome()
        let result = try await home.run(["workspace", "create", name, "--id", "acme"])
        expectFailure(result, message)
        #expect(try home.clientEntries() == [])
        #expect(try await home.registryIDs() == [])
        #expect(!FileManager.default.fileExists(atPath: home.keyringPath))
    }

    @Test func createWhenKeyringCannotBeWrittenLeavesNoWorkspace() async throws {
        let home = try CLIHome()
        let blocked = try TemporaryDirectory()
        // `$XDG_CONFIG_HOME/airlock` is a file, so the keyring cannot be written.
        try Data("not a directory\n".utf8).write(to: URL(fileURLWithPath: blocked.appending("airlock")))

        let result = try await home.run(["workspace", "create", "Acme", "--id", "acme"], environment: ["XDG_CONFIG_HOME": blocked.path])

        expectOneLineFailure(result)
        #expect(try home.clientEntries() == [])
        #expect(try await home.registryIDs() == [])
        expectSuccess(try await home.run(["workspace", "create", "Acme", "--id", "acme"]))
    }

    @Test func createWhenKeyringIsCorruptLeavesNoWorkspace() async throws {
        let home = try CLIHome()
        try FileManager.default.createDirectory(atPath: home.configDirectory + "/airlock", withIntermediateDirectories: true)
        #expect(FileManager.default.createFile(atPath: home.keyringPath, contents: Data("{ not json".utf8), attributes: [.posixPermissions: 0o600]))

        let result = try await home.run(["workspace", "create", "Acme", "--id", "acme"])

        expectFailure(result, "the keyring \"\(home.keyringPath)\" is not valid keyring JSON; fix or move it")
        #expect(try home.clientEntries() == [])
        #expect(try await home.registryIDs() == [])
        #expect(FileManager.default.contents(atPath: home.keyringPath) == Data("{ not json".utf8))
    }

    @Test func rotateTokenWhenKeyringCannotBeWrittenKeepsTheOldToken() async throws {
        let home = try CLIHome()
        let token = await try home.createWorkspace("Acme", id: "acme")
        let blocked = try TemporaryDirectory()
        try Data("not a directory\n".utf8).write(to: URL(fileURLWithPath: blocked.appending("airlock")))

        let result = try await home.run(["workspace", "rotate-token", "acme"], environment: ["AIRLOCK_TOKEN": token, "XDG_CONFIG_HOME": blocked.path])

        expectOneLineFailure(result)
        expectSuccess(try await home.run(["memory", "list", "--workspace", "acme"], environment: ["AIRLOCK_TOKEN": token]))
        expectSuccess(try await home.run(["memory", "list", "--workspace", "acme"]))
    }
}
