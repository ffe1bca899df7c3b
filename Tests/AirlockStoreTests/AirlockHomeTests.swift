import AirlockCore
import AirlockStore
import AirlockTestSupport
import Foundation
import Testing

@Suite("AirlockHome")
struct AirlockHomeTests {
    @Test func explicitHomeWinsOverEverything() {
        let environment = ["AIRLOCK_HOME": "/env/home", "XDG_DATA_HOME": "/xdg", "HOME": "/users/alice"]
        #expect(AirlockHome.location(explicit: "/flag/home", environment: environment) == "/flag/home")
    }

    @Test func airlockHomeVariableWinsOverXDG() {
        let environment = ["AIRLOCK_HOME": "/env/home", "XDG_DATA_HOME": "/xdg", "HOME": "/users/alice"]
        #expect(AirlockHome.location(explicit: nil, environment: environment) == "/env/home")
        #expect(AirlockHome.location(explicit: "", environment: environment) == "/env/home")
    }

    @Test func xdgDataHomeWinsOverHome() {
        #expect(AirlockHome.location(explicit: nil, environment: ["XDG_DATA_HOME": "/xdg", "HOME": "/users/alice"]) == "/xdg/airlock")
        #expect(AirlockHome.location(explicit: nil, environment: ["AIRLOCK_HOME": "", "XDG_DATA_HOME": "/xdg", "HOME": "/users/alice"]) == "/xdg/airlock")
    }

    @Test func homeDirectoryIsTheFallback() {
        #expect(AirlockHome.location(explicit: nil, environment: ["HOME": "/users/alice"]) == "/users/alice/.local/share/airlock")
    }

    @Test func relativeXDGDataHomeIsIgnored() {
        #expect(AirlockHome.location(explicit: nil, environment: ["XDG_DATA_HOME": "data", "HOME": "/users/alice"]) == "/users/alice/.local/share/airlock")
    }

    @Test func tildePathsExpandToTheHomeDirectory() {
        let environment = ["HOME": "/users/alice"]
        #expect(AirlockHome.location(explicit: "~", environment: environment) == "/users/alice")
        #expect(AirlockHome.location(explicit: "~/airlock-data", environment: environment) == "/users/alice/airlock-data")
        #expect(AirlockHome.location(explicit: nil, environment: ["AIRLOCK_HOME": "~/from-env", "HOME": "/users/alice"]) == "/users/alice/from-env")
    }

    @Test func relativePathsAreTakenFromTheCurrentDirectory() {
        let current = FileManager.default.currentDirectoryPath
        #expect(AirlockHome.location(explicit: "data/home", environment: [:]) == current + "/data/home")
        #expect(AirlockHome.location(explicit: nil, environment: ["AIRLOCK_HOME": "rel"]) == current + "/rel")
    }

    @Test func openingWithCreateMakesPrivateHomeAndClientsFolders() throws {
        let directory = try TemporaryDirectory()
        let path = directory.appending("nested/deeper/home")
        let home = try AirlockHome.open(at: path, create: true)
        #expect(home.root == path)
        #expect(permissions(of: path) == 0o700)
        #expect(permissions(of: path + "/clients") == 0o700)
        #expect(permissions(of: directory.appending("nested")) == 0o700)
        #expect(home.registryPath == path + "/registry.sqlite")
        #expect(home.masterKeyPath == path + "/master.key")
    }

    @Test func openingWithoutCreateRefusesAMissingHome() throws {
        let directory = try TemporaryDirectory()
        let path = directory.appending("absent")
        #expect(throws: HomeError.notInitialized(path)) { try AirlockHome.open(at: path, create: false) }
        #expect(!exists(path))
    }

    @Test func openingWithoutCreateRefusesADirectoryThatWasNeverInitialized() throws {
        let directory = try TemporaryDirectory()
        #expect(throws: HomeError.notInitialized(directory.path)) { try AirlockHome.open(at: directory.path, create: false) }
    }

    @Test func existingHomeReopensWithoutCreate() throws {
        let directory = try TemporaryDirectory()
        let created = try AirlockHome.open(at: directory.appending("home"), create: true)
        let reopened = try AirlockHome.open(at: directory.appending("home"), create: false)
        #expect(reopened.root == created.root)
    }

    @Test func aFileIsNotAHome() throws {
        let directory = try TemporaryDirectory()
        let path = directory.appending("file")
        _ = FileManager.default.createFile(atPath: path, contents: Data("x".utf8))
        #expect(throws: FileSystemError.notADirectory(path: path)) { try AirlockHome.open(at: path, create: true) }
    }

    @Test func symlinkedClientsFolderIsRefused() throws {
        let directory = try TemporaryDirectory()
        let path = directory.appending("home")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        try FileManager.default.createDirectory(atPath: directory.appending("elsewhere"), withIntermediateDirectories: false)
        try FileManager.default.createSymbolicLink(atPath: path + "/clients", withDestinationPath: directory.appending("elsewhere"))
        #expect(throws: FileSystemError.symlinkRefused(path: path + "/clients")) { try AirlockHome.open(at: path, create: true) }
    }
}
