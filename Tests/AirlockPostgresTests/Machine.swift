import AirlockCore
import AirlockTestSupport
import Foundation
import Testing

/// One machine running the `airlock` executable: its own home, configuration and keyring,
/// a storage setting, and a master key.
struct Machine {
    let directory: TemporaryDirectory
    let environment: [String: String]

    /// A machine with `storage` (`sqlite`, `files` or `postgres` at `databaseURL`) and the
    /// master key `masterKey` (64 hex digits); its home is made by ``initialize()``.
    init(storage: String, databaseURL: String? = nil, masterKey: String) throws {
        directory = try TemporaryDirectory(prefix: "airlock-machine")
        var environment = [
            "AIRLOCK_HOME": directory.appending("home"), "XDG_CONFIG_HOME": directory.appending("config"), "HOME": directory.path,
            "AIRLOCK_MASTER_KEY": masterKey, "AIRLOCK_STORAGE": storage, "USER": "analyst",
        ]
        if let databaseURL { environment["AIRLOCK_DATABASE_URL"] = databaseURL }
        self.environment = environment
    }

    /// Runs `airlock init`: the machine's home.
    func initialize() async throws {
        try await succeed(["init"])
    }

    /// A fresh random master key in hex.
    static func newMasterKey() -> String {
        (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
    }

    /// Runs `airlock arguments…` on this machine; `extra` is added to the environment.
    func run(_ arguments: [String], stdin: String = "", environment extra: [String: String] = [:]) async throws -> AirlockProcess.Result {
        try await AirlockProcess.run(arguments, environment: environment.merging(extra) { $1 }, stdin: stdin)
    }

    /// Runs `airlock arguments…` and expects it to succeed.
    @discardableResult
    func succeed(_ arguments: [String], stdin: String = "", environment extra: [String: String] = [:],
                 sourceLocation: SourceLocation = #_sourceLocation) async throws -> AirlockProcess.Result {
        let result = try await run(arguments, stdin: stdin, environment: extra)
        #expect(result.status == 0, "airlock \(arguments.joined(separator: " ")): \(result.stderr)", sourceLocation: sourceLocation)
        return result
    }

    /// Creates workspace `id` and returns its token.
    func createWorkspace(_ name: String, id: String) async throws -> String {
        let result = try await succeed(["workspace", "create", name, "--id", id, "--json"])
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        return try #require(object?["token"] as? String)
    }
}
