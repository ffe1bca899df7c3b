import AirlockTestSupport
import Foundation
import Testing

@Suite("airlock init")
struct InitCommandTests {
    /// An empty temporary folder and the environment of a user whose home is inside it.
    private struct Fresh {
        let directory: TemporaryDirectory
        var environment: [String: String] {
            ["HOME": directory.path, "XDG_CONFIG_HOME": directory.appending("config"), "USER": "analyst"]
        }

        init() throws {
            directory = try TemporaryDirectory(prefix: "airlock-init")
        }
    }

    @Test func initCreatesPrivateHomeWithMasterKeyRegistryAndClientsFolder() async throws {
        let fresh = try Fresh()
        let home = fresh.directory.appending("data/airlock")
        let result = try await AirlockProcess.run(["init"], environment: fresh.environment.merging(["AIRLOCK_HOME": home]) { $1 })

        expectSuccess(result)
        #expect(result.stdout == "Airlock home ready at \(home)\n")
        #expect(try permissions(of: home) == 0o700)
        #expect(try permissions(of: home + "/clients") == 0o700)
        #expect(try permissions(of: home + "/master.key") == 0o600)
        #expect(FileManager.default.contents(atPath: home + "/master.key")?.count == 32)
        #expect(FileManager.default.fileExists(atPath: home + "/registry.sqlite"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: home + "/clients") == [])
    }

    @Test func secondInitKeepsMasterKeyAndExistingWorkspaces() async throws {
        let fresh = try Fresh()
        let home = fresh.directory.appending("home")
        let environment = fresh.environment.merging(["AIRLOCK_HOME": home]) { $1 }
        expectSuccess(try await AirlockProcess.run(["init"], environment: environment))
        let key = try #require(FileManager.default.contents(atPath: home + "/master.key"))
        expectSuccess(try await AirlockProcess.run(["workspace", "create", "Acme", "--id", "acme"], environment: environment))

        let again = try await AirlockProcess.run(["init"], environment: environment)

        expectSuccess(again)
        #expect(again.stdout == "Airlock home ready at \(home)\n")
        #expect(FileManager.default.contents(atPath: home + "/master.key") == key)
        #expect(try permissions(of: home + "/master.key") == 0o600)
        #expect(try FileManager.default.contentsOfDirectory(atPath: home + "/clients") == ["acme"])
        let list = try await AirlockProcess.run(["memory", "list", "--workspace", "acme"], environment: environment)
        expectSuccess(list)
        #expect(list.stdout == "No memory documents.\n")
    }

    @Test func homeOptionOverridesAirlockHome() async throws {
        let fresh = try Fresh()
        let fromEnvironment = fresh.directory.appending("env-home")
        let fromOption = fresh.directory.appending("option-home")
        let environment = fresh.environment.merging(["AIRLOCK_HOME": fromEnvironment]) { $1 }

        let result = try await AirlockProcess.run(["init", "--home", fromOption], environment: environment)

        expectSuccess(result)
        #expect(result.stdout == "Airlock home ready at \(fromOption)\n")
        #expect(FileManager.default.fileExists(atPath: fromOption + "/master.key"))
        #expect(!FileManager.default.fileExists(atPath: fromEnvironment))
    }

    @Test func homeDefaultsToXDGDataHomeWithoutAirlockHome() async throws {
        let fresh = try Fresh()
        let data = fresh.directory.appending("xdg-data")
        let result = try await AirlockProcess.run(["init"], environment: fresh.environment.merging(["XDG_DATA_HOME": data]) { $1 })

        expectSuccess(result)
        #expect(result.stdout == "Airlock home ready at \(data)/airlock\n")
        #expect(FileManager.default.fileExists(atPath: data + "/airlock/master.key"))
        #expect(!FileManager.default.fileExists(atPath: fresh.directory.appending(".local")))
    }

    @Test func homeDefaultsToLocalShareUnderHomeWithoutAnyVariable() async throws {
        let fresh = try Fresh()
        let result = try await AirlockProcess.run(["init"], environment: fresh.environment)

        expectSuccess(result)
        #expect(result.stdout == "Airlock home ready at \(fresh.directory.path)/.local/share/airlock\n")
        #expect(FileManager.default.fileExists(atPath: fresh.directory.appending(".local/share/airlock/master.key")))
    }

    @Test func otherCommandsRefuseAMissingHomeWithoutCreatingIt() async throws {
        let fresh = try Fresh()
        let home = fresh.directory.appending("missing")
        let environment = fresh.environment.merging(["AIRLOCK_HOME": home]) { $1 }

        for arguments in [["workspace", "list"], ["workspace", "list", "--all", "--json"], ["memory", "list", "--workspace", "acme"]] {
            let result = try await AirlockProcess.run(arguments, environment: environment)
            expectFailure(result, "no Airlock home at \"\(home)\"; run `airlock init` first")
        }
        #expect(!FileManager.default.fileExists(atPath: home))
    }
}
