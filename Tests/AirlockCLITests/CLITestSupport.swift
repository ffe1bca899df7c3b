import AirlockTestSupport
import Foundation
import Testing

/// A throwaway home (see ``TestHome``) and the `airlock` executable run against it.
struct CLIHome {
    /// The home, its keyring folder and an in-process workspace manager.
    let test: TestHome

    init() throws {
        test = try TestHome()
    }

    /// The canonical path of the home.
    var root: String { test.home.root }

    /// `<home>/clients`.
    var clients: String { root + "/clients" }

    /// `$XDG_CONFIG_HOME` of the CLI runs.
    var configDirectory: String { test.directory.appending("config") }

    /// The keyring the CLI reads and writes.
    var keyringPath: String { configDirectory + "/airlock/keyring.json" }

    /// The CLI environment: this home, its keyring, and a fixed user name for audit actors.
    var environment: [String: String] {
        var environment = test.environment
        environment["USER"] = "analyst"
        return environment
    }

    /// Runs `airlock arguments…` against this home; `extra` is added to (or overrides) the environment.
    func run(_ arguments: [String], environment extra: [String: String] = [:], stdin: String = "", directory: String? = nil) async throws -> AirlockProcess.Result {
        try await AirlockProcess.run(arguments, environment: environment.merging(extra) { $1 }, stdin: stdin, directory: directory)
    }

    /// Creates a workspace through the CLI and returns its token.
    @discardableResult
    func createWorkspace(_ name: String, id: String, sourceLocation: SourceLocation = #_sourceLocation) async throws -> String {
        let result = try await run(["workspace", "create", name, "--id", id, "--json"])
        expectSuccess(result, sourceLocation: sourceLocation)
        let object = try jsonObject(result.stdout, sourceLocation: sourceLocation)
        return try #require(object["token"] as? String, sourceLocation: sourceLocation)
    }

    /// The entries under `clients/`, sorted.
    func clientEntries() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: clients).sorted()
    }

    /// The keyring's workspace entries (`home`, `workspace`, `name`, `token`), or nil if there is no keyring file.
    func keyringEntries(sourceLocation: SourceLocation = #_sourceLocation) throws -> [[String: Any]]? {
        guard let data = FileManager.default.contents(atPath: keyringPath) else { return nil }
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any], sourceLocation: sourceLocation)
        #expect(object["version"] as? Int == 1, sourceLocation: sourceLocation)
        return try #require(object["workspaces"] as? [[String: Any]], sourceLocation: sourceLocation)
    }

    /// The token the keyring holds for workspace `id` of this home.
    func keyringToken(for id: String) throws -> String? {
        try keyringEntries()?.first { $0["workspace"] as? String == id && $0["home"] as? String == root }?["token"] as? String
    }

    /// The ids `workspace list --all --json` reports.
    func registryIDs(sourceLocation: SourceLocation = #_sourceLocation) async throws -> [String] {
        let result = try await run(["workspace", "list", "--all", "--json"])
        expectSuccess(result, sourceLocation: sourceLocation)
        return try jsonArray(result.stdout, sourceLocation: sourceLocation).compactMap { $0["id"] as? String }
    }
}

/// Checks that a run succeeded and wrote nothing to stderr.
func expectSuccess(_ result: AirlockProcess.Result, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(result.status == 0, "stderr: \(result.stderr)", sourceLocation: sourceLocation)
    #expect(result.stderr == "", sourceLocation: sourceLocation)
}

/// Checks that a run failed the way every failure must: a non-zero exit, nothing on
/// stdout, and exactly one line on stderr starting `airlock: `.
func expectOneLineFailure(_ result: AirlockProcess.Result, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(result.status != 0, sourceLocation: sourceLocation)
    #expect(result.stdout == "", sourceLocation: sourceLocation)
    #expect(result.stderr.hasPrefix("airlock: "), "stderr: \(result.stderr)", sourceLocation: sourceLocation)
    #expect(result.stderr.hasSuffix("\n"), sourceLocation: sourceLocation)
    #expect(result.stderr.filter(\.isNewline).count == 1, "stderr: \(result.stderr)", sourceLocation: sourceLocation)
}

/// Checks a one-line failure whose message (after `airlock: `) is exactly `message`.
func expectFailure(_ result: AirlockProcess.Result, _ message: String, sourceLocation: SourceLocation = #_sourceLocation) {
    expectOneLineFailure(result, sourceLocation: sourceLocation)
    #expect(result.stderr == "airlock: " + message + "\n", sourceLocation: sourceLocation)
}

/// `text` parsed as a JSON object.
func jsonObject(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], sourceLocation: sourceLocation)
}

/// `text` parsed as a JSON array of objects.
func jsonArray(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> [[String: Any]] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]], sourceLocation: sourceLocation)
}

/// The keys of a JSON object, sorted.
func keys(_ object: [String: Any]) -> [String] {
    object.keys.sorted()
}

/// Whether `text` holds an ESC or BEL character — the start of a terminal control sequence.
func containsTerminalControl(_ text: String) -> Bool {
    text.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x9B }
}

/// Whether `text` is a workspace token: 64 lowercase hexadecimal characters.
func isToken(_ text: String) -> Bool {
    text.count == 64 && text.allSatisfy { ("0"..."9").contains($0) || ("a"..."f").contains($0) }
}

/// The POSIX permission bits of the file at `path`.
func permissions(of path: String) throws -> Int {
    let attributes = try FileManager.default.attributesOfItem(atPath: path)
    return try #require(attributes[.posixPermissions] as? NSNumber).intValue & 0o777
}
