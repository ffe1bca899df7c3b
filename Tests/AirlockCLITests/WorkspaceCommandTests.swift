import AirlockTestSupport
import Foundation
import Testing

@Suite("airlock workspace")
struct WorkspaceCommandTests {
    // MARK: - create

    @Test func createPrintsIdAndTokenOnceAndSavesTokenInPrivateKeyring() async throws {
        let home = try CLIHome()
        let result = try await home.run(["workspace", "create", "Acme Corp", "--id", "acme"])

        expectSuccess(result)
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        try #require(lines.count == 3)
        #expect(lines[0] == "Created workspace acme (Acme Corp).")
        let prefix = "Token (shown once; saved in your keyring): "
        #expect(lines[1].hasPrefix(prefix))
        let token = String(lines[1].dropFirst(prefix.count))
        #expect(isToken(token))
        #expect(lines[2] == "")
        #expect(result.stdout.components(separatedBy: token).count == 2)

        #expect(try permissions(of: home.keyringPath) == 0o600)
        let entries = try #require(try home.keyringEntries())
        try #require(entries.count == 1)
        #expect(keys(entries[0]) == ["home", "name", "token", "workspace"])
        #expect(entries[0]["home"] as? String == home.root)
        #expect(entries[0]["workspace"] as? String == "acme")
        #expect(entries[0]["name"] as? String == "Acme Corp")
        #expect(entries[0]["token"] as? String == token)
        #expect(try home.clientEntries() == ["acme"])
        #expect(try permissions(of: home.clients + "/acme") == 0o700)
    }

    @Test func createWithJSONPrintsIdNameAndTokenAndDerivesIdFromName() async throws {
        let home = try CLIHome()
        let result = try await home.run(["workspace", "create", "Acme Corp.", "--json"])

        expectSuccess(result)
        let object = try jsonObject(result.stdout)
        #expect(keys(object) == ["id", "name", "token"])
        #expect(object["id"] as? String == "acme-corp")
        #expect(object["name"] as? String == "Acme Corp.")
        let token = try #require(object["token"] as? String)
        #expect(isToken(token))
        #expect(try home.keyringToken(for: "acme-corp") == token)
        #expect(try await home.registryIDs() == ["acme-corp"])
    }

    @Test func environmentTokenTakesPrecedenceOverKeyring() async throws {
        let home = try CLIHome()
        let acme = await try home.createWorkspace("Acme", id: "acme")
        let other = await try home.createWorkspace("Other", id: "other")

        let fromKeyring = try await home.run(["memory", "list", "--workspace", "acme"])
        expectSuccess(fromKeyring)
        #expect(fromKeyring.stdout == "No memory documents.\n")

        let wrongInEnvironment = try await home.run(["memory", "list", "--workspace", "acme"], environment: ["AIRLOCK_TOKEN": other])
        expectFailure(wrongInEnvironment, "unknown workspace or invalid token")

        let emptyConfig = try TemporaryDirectory()
        let onlyEnvironment = try await home.run(["memory", "list", "--workspace", "acme"],
                                           environment: ["AIRLOCK_TOKEN": acme, "XDG_CONFIG_HOME": emptyConfig.path])
        expectSuccess(onlyEnvironment)
        #expect(onlyEnvironment.stdout == "No memory documents.\n")
    }

    // MARK: - list

    @Test func listShowsOnlyKeyringWorkspacesOfThisHome() async throws {
        let home = try CLIHome()
        let otherHome = try CLIHome()
        await try home.createWorkspace("Alpha", id: "alpha")
        let sharedKeyring = ["XDG_CONFIG_HOME": home.configDirectory]
        await expectSuccess(try otherHome.run(["workspace", "create", "Beta", "--id", "beta"], environment: sharedKeyring))
        _ = try await home.test.createWorkspace("gamma", name: "Gamma")

        let json = await try home.run(["workspace", "list", "--json"])
        expectSuccess(json)
        let listed = try jsonArray(json.stdout)
        #expect(listed.count == 1)
        #expect(listed.first.map(keys) == ["id", "name"])
        #expect(listed.first?["id"] as? String == "alpha")
        #expect(listed.first?["name"] as? String == "Alpha")

        let human = await try home.run(["workspace", "list"])
        expectSuccess(human)
        #expect(human.stdout == "ID     NAME\nalpha  Alpha\n")

        let other = await try otherHome.run(["workspace", "list"], environment: sharedKeyring)
        expectSuccess(other)
        #expect(other.stdout == "ID    NAME\nbeta  Beta\n")

        #expect(try home.keyringEntries()?.count == 2)
    }

    @Test func listWithEmptyKeyringSaysSo() async throws {
        let home = try CLIHome()
        let human = try await home.run(["workspace", "list"])
        expectSuccess(human)
        #expect(human.stdout == "No workspaces in your keyring for this home. Create one with `airlock workspace create NAME`.\n")

        let json = try await home.run(["workspace", "list", "--json"])
        expectSuccess(json)
        #expect(try jsonArray(json.stdout).isEmpty)
    }

    @Test func listAllShowsEveryRegistryWorkspaceWithoutSecrets() async throws {
        let home = try CLIHome()
        let token = await try home.createWorkspace("Zulu Ltd", id: "zulu")
        let gamma = try await home.test.createWorkspace("gamma", name: "Gamma Inc")

        let json = await try home.run(["workspace", "list", "--all", "--json"])
        expectSuccess(json)
        let records = try jsonArray(json.stdout)
        #expect(records.map { $0["id"] as? String } == ["gamma", "zulu"])
        #expect(records.map { $0["name"] as? String } == ["Gamma Inc", "Zulu Ltd"])
        #expect(records.map(keys) == [["created_at", "id", "name"], ["created_at", "id", "name"]])
        #expect(records.first?["created_at"] as? String == "2026-01-01T00:00:00Z")
        #expect(!json.stdout.contains(token))
        #expect(!json.stdout.contains(gamma.token.revealed))

        let human = await try home.run(["workspace", "list", "--all"])
        expectSuccess(human)
        let lines = human.stdout.split(separator: "\n").map(String.init)
        try #require(lines.count == 3)
        #expect(lines[0] == "ID     CREATED               TOKEN ROTATED  NAME")
        #expect(lines[1] == "gamma  2026-01-01T00:00:00Z  -              Gamma Inc")
        #expect(lines[2].hasPrefix("zulu   "))
        #expect(lines[2].hasSuffix("  -              Zulu Ltd"))
    }

    @Test func homeOptionOverridesAirlockHomeForWorkspaceCommands() async throws {
        let home = try CLIHome()
        let elsewhere = try TemporaryDirectory()
        let environment = ["AIRLOCK_HOME": elsewhere.appending("not-a-home")]

        let created = try await home.run(["workspace", "create", "Acme", "--id", "acme", "--home", home.root], environment: environment)
        expectSuccess(created)
        let listed = try await home.run(["workspace", "list", "--json", "--home", home.root], environment: environment)
        expectSuccess(listed)
        #expect(try jsonArray(listed.stdout).map { $0["id"] as? String } == ["acme"])
        let memory = try await home.run(["memory", "list", "--workspace", "acme", "--home", home.root], environment: environment)
        expectSuccess(memory)
        #expect(memory.stdout == "No memory documents.\n")

        #expect(try home.clientEntries() == ["acme"])
        #expect(!FileManager.default.fileExists(atPath: elsewhere.appending("not-a-home")))
    }

    // MARK: - join

    @Test func joinVerifiesTokenFromStdinAndSavesIt() async throws {
        let home = try CLIHome()
        let delta = try await home.test.createWorkspace("delta", name: "Delta Ltd")

        let noToken = await try home.run(["memory", "list", "--workspace", "delta"])
        expectFailure(noToken, "no token for workspace delta: set AIRLOCK_TOKEN or run `airlock workspace join delta`")

        let joined = await try home.run(["workspace", "join", "delta"], stdin: delta.token.revealed + "\n")
        expectSuccess(joined)
        #expect(joined.stdout == "Joined workspace delta (Delta Ltd); its token is saved in your keyring.\n")
        #expect(try home.keyringToken(for: "delta") == delta.token.revealed)
        #expect(try permissions(of: home.keyringPath) == 0o600)
        let entry = try #require(try home.keyringEntries()?.first)
        #expect(entry["name"] as? String == "Delta Ltd")

        let list = await try home.run(["memory", "list", "--workspace", "delta"])
        expectSuccess(list)
        #expect(list.stdout == "No memory documents.\n")
    }

    @Test func joinWithWrongTokenLeavesKeyringUnchanged() async throws {
        let home = try CLIHome()
        let alphaToken = await try home.createWorkspace("Alpha", id: "alpha")
        let delta = try await home.test.createWorkspace("delta", name: "Delta Ltd")
        let before = try #require(FileManager.default.contents(atPath: home.keyringPath))

        let wrong = await try home.run(["workspace", "join", "delta"], stdin: alphaToken + "\n")
        expectFailure(wrong, "unknown workspace or invalid token")

        let unknown = await try home.run(["workspace", "join", "nobody"], stdin: delta.token.revealed)
        expectFailure(unknown, "unknown workspace or invalid token")

        let malformed = await try home.run(["workspace", "join", "delta"], stdin: "not-a-token\n")
        expectFailure(malformed, "invalid token format: a workspace token is 64 lowercase hexadecimal characters")

        let empty = await try home.run(["workspace", "join", "delta"], stdin: "")
        expectFailure(empty, "invalid token format: a workspace token is 64 lowercase hexadecimal characters")

        #expect(FileManager.default.contents(atPath: home.keyringPath) == before)
        #expect(try home.keyringToken(for: "delta") == nil)
    }

    // MARK: - rotate-token

    @Test func rotateTokenUpdatesKeyringAndOldTokenStopsWorking() async throws {
        let home = try CLIHome()
        let old = await try home.createWorkspace("Acme", id: "acme")

        let rotated = try await home.run(["workspace", "rotate-token", "acme", "--json"])
        expectSuccess(rotated)
        let object = try jsonObject(rotated.stdout)
        #expect(keys(object) == ["id", "token"])
        #expect(object["id"] as? String == "acme")
        let new = try #require(object["token"] as? String)
        #expect(isToken(new))
        #expect(new != old)
        #expect(try home.keyringToken(for: "acme") == new)
        #expect(try home.keyringEntries()?.count == 1)

        expectFailure(try await home.run(["memory", "list", "--workspace", "acme"], environment: ["AIRLOCK_TOKEN": old]),
                      "unknown workspace or invalid token")
        expectSuccess(try await home.run(["memory", "list", "--workspace", "acme"], environment: ["AIRLOCK_TOKEN": new]))
        expectSuccess(try await home.run(["memory", "list", "--workspace", "acme"]))

        let records = try jsonArray(try await home.run(["workspace", "list", "--all", "--json"]).stdout)
        #expect(records.first.map(keys) == ["created_at", "id", "name", "rotated_at"])
    }

    @Test func rotateTokenHumanOutputShowsNewTokenOnce() async throws {
        let home = try CLIHome()
        let old = await try home.createWorkspace("Acme", id: "acme")

        let rotated = try await home.run(["workspace", "rotate-token", "acme"])
        expectSuccess(rotated)
        let new = try #require(try home.keyringToken(for: "acme"))
        #expect(new != old)
        #expect(rotated.stdout == "Rotated the token of workspace acme.\nNew token (shown once; saved in your keyring): \(new)\n")
        #expect(!rotated.stdout.contains(old))
    }

    @Test func rotateTokenWithWrongTokenChangesNothing() async throws {
        let home = try CLIHome()
        let acme = await try home.createWorkspace("Acme", id: "acme")
        let other = await try home.createWorkspace("Other", id: "other")
        let before = try #require(FileManager.default.contents(atPath: home.keyringPath))

        let result = try await home.run(["workspace", "rotate-token", "acme"], environment: ["AIRLOCK_TOKEN": other])
        expectFailure(result, "unknown workspace or invalid token")

        #expect(FileManager.default.contents(atPath: home.keyringPath) == before)
        expectSuccess(try await home.run(["memory", "list", "--workspace", "acme"], environment: ["AIRLOCK_TOKEN": acme]))
    }

    // MARK: - delete

    @Test func deleteRemovesDirectoryRegistryEntryAndKeyringEntry() async throws {
        let home = try CLIHome()
        let alpha = await try home.createWorkspace("Alpha", id: "alpha")
        await try home.createWorkspace("Beta", id: "beta")
        #expect(try home.clientEntries() == ["alpha", "beta"])

        let deleted = try await home.run(["workspace", "delete", "alpha", "--yes"])
        expectSuccess(deleted)
        #expect(deleted.stdout == "Deleted workspace alpha and its files.\n")

        #expect(try home.clientEntries() == ["beta"])
        #expect(try await home.registryIDs() == ["beta"])
        #expect(try home.keyringEntries()?.compactMap { $0["workspace"] as? String } == ["beta"])
        expectFailure(try await home.run(["memory", "list", "--workspace", "alpha"], environment: ["AIRLOCK_TOKEN": alpha]),
                      "unknown workspace or invalid token")
        expectSuccess(try await home.run(["memory", "list", "--workspace", "beta"]))
    }

    @Test func deleteWithoutYesChangesNothing() async throws {
        let home = try CLIHome()
        await try home.createWorkspace("Alpha", id: "alpha")
        let snapshot = DirectorySnapshot(of: home.test.directory.path)

        let result = try await home.run(["workspace", "delete", "alpha"])
        expectFailure(result, "refusing to delete workspace alpha and all its data without --yes")

        #expect(DirectorySnapshot(of: home.test.directory.path) == snapshot)
        #expect(try await home.registryIDs() == ["alpha"])
        #expect(try home.keyringToken(for: "alpha") != nil)
    }

    @Test func deleteWithWrongTokenChangesNothing() async throws {
        let home = try CLIHome()
        await try home.createWorkspace("Alpha", id: "alpha")
        let beta = await try home.createWorkspace("Beta", id: "beta")

        let result = try await home.run(["workspace", "delete", "alpha", "--yes"], environment: ["AIRLOCK_TOKEN": beta])
        expectFailure(result, "unknown workspace or invalid token")

        #expect(try home.clientEntries() == ["alpha", "beta"])
        #expect(try await home.registryIDs() == ["alpha", "beta"])
        #expect(try home.keyringToken(for: "alpha") != nil)
    }
}
