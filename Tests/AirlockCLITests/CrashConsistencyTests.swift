import AirlockTestSupport
import Foundation
import GRDB
import Testing

/// kill -9 of a writing `airlock memory add` at random moments, many times, against one
/// workspace — for the SQLite and the plain-file storage. Afterwards every write the process
/// acknowledged (its JSON reached stdout before the kill) is present, nothing is half there
/// (every document that was never acknowledged, and the latest acknowledged ones, hold
/// exactly the body that was sent), the
/// database passes `PRAGMA integrity_check`, and `audit verify` and `maintenance verify`
/// pass.
///
/// Sized for CI by default; `AIRLOCK_RELIABILITY_KILLS` (kills per storage) and
/// `AIRLOCK_RELIABILITY_SECONDS` (time budget per storage) make the long run of
/// `scripts/reliability.sh`.
@Suite("Crash consistency under kill -9", .serialized)
struct CrashConsistencyTests {
    @Test(arguments: ["sqlite", "files"])
    func killedWritersLoseNoAcknowledgedWriteAndLeaveAConsistentWorkspace(storage: String) async throws {
        let environment = ProcessInfo.processInfo.environment
        let kills = Int(environment["AIRLOCK_RELIABILITY_KILLS"] ?? "") ?? 12
        let budget = Duration.seconds(Int(environment["AIRLOCK_RELIABILITY_SECONDS"] ?? "") ?? 20)
        let home = try CLIHome()
        let extra = try Self.prepare(home, storage: storage)
        try await CrashConsistencyTests.createWorkspace(home, extra)

        // Calibrate: how long one undisturbed write takes on this machine, now.
        let started = ContinuousClock.now
        let first = try Self.write(home, extra, index: 0, killAfter: nil)
        let undisturbed = ContinuousClock.now - started
        let firstID = try #require(first.acknowledgedID, "an undisturbed write succeeds: \(first.stderr)")
        var acknowledged: [String: Int] = [firstID: 0]
        var attempts = 0
        var killed = 0
        var unacknowledged = 0

        let deadline = ContinuousClock.now + budget
        var generator = SystemRandomNumberGenerator()
        for index in 1...kills where ContinuousClock.now < deadline {
            attempts += 1
            // Uniform over the whole life of a write, a little beyond, so that every phase
            // (start-up, open, migration, transaction, audit append, output) is hit.
            let delay = Duration.milliseconds(Int.random(in: 0...Int(Double(undisturbed.milliseconds) * 1.2), using: &generator))
            let run = try Self.write(home, extra, index: index, killAfter: delay)
            if run.wasKilled { killed += 1 }
            if let id = run.acknowledgedID {
                acknowledged[id] = index
            } else {
                unacknowledged += 1
                #expect(run.wasKilled, "a write that was not killed failed: \(run.stderr)")
            }
        }
        #expect(killed > 0, "at least one writer was killed mid-way (\(attempts) attempts)")

        // Every acknowledged write is there, with its exact body; nothing is half written.
        let list = try await home.run(["memory", "list", "--workspace", "acme", "--json"], environment: extra)
        expectSuccess(list)
        let documents = try jsonArray(list.stdout)
        var present: [String: Int] = [:]
        var bodiesChecked = 0
        for document in documents {
            let id = try #require(document["id"] as? String)
            let title = try #require(document["title"] as? String)
            let index = try #require(Int(title.dropFirst("write-".count)), "title \(title)")
            present[id] = index
            // Bodies: every document nobody was told about (the ones a kill could have left
            // half written) and the ten most recent acknowledged ones.
            let recentlyAcknowledged = acknowledged.values.sorted().suffix(10)
            guard acknowledged[id] == nil || recentlyAcknowledged.contains(index) else { continue }
            bodiesChecked += 1
            let shown = try await home.run(["memory", "show", "--workspace", "acme", id, "--json"], environment: extra)
            expectSuccess(shown)
            #expect(try jsonObject(shown.stdout)["body"] as? String == Self.body(index), "document \(id) holds exactly its body")
        }
        for (id, index) in acknowledged {
            #expect(present[id] == index, "acknowledged write \(index) (\(id)) survived")
        }

        let audit = try await home.run(["audit", "verify", "--workspace", "acme"], environment: extra)
        expectSuccess(audit)
        let maintenance = try await home.run(["maintenance", "verify", "--all"], environment: extra)
        expectSuccess(maintenance)
        #expect(maintenance.stdout.contains("acme  ok"), "maintenance: \(maintenance.stdout)")
        if storage == "sqlite" {
            let database = try DatabaseQueue(path: home.test.databasePath(of: try .init("acme")))
            let check = try await database.read { try String.fetchAll($0, sql: "PRAGMA integrity_check") }
            #expect(check == ["ok"], "integrity_check: \(check)")
            try database.close()
        }
        print("crash-consistency \(storage): \(attempts) writers, \(killed) killed, \(acknowledged.count) acknowledged, "
            + "\(documents.count) present (\(bodiesChecked) bodies compared), \(unacknowledged) unacknowledged; undisturbed write \(undisturbed.milliseconds) ms")
    }

    /// Creates workspace `acme` in the storage `extra` selects, its token in the keyring.
    static func createWorkspace(_ home: CLIHome, _ extra: [String: String], sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let created = try await home.run(["workspace", "create", "Acme", "--id", "acme"], environment: extra)
        expectSuccess(created, sourceLocation: sourceLocation)
    }

    /// The body of write `index`: long enough to span several pages of a file.
    static func body(_ index: Int) -> String {
        String(repeating: "write \(index) of the crash harness; ", count: 300)
    }

    /// Chooses `storage` and lifts the rate limits (a flood of writes is the point here);
    /// returns the extra environment for every run.
    static func prepare(_ home: CLIHome, storage: String) throws -> [String: String] {
        let folder = home.configDirectory + "/airlock"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let config = #"{"limits": {"api_per_minute": 100000, "chat_per_minute": 100000}}"#
        try Data(config.utf8).write(to: URL(fileURLWithPath: folder + "/config.json"))
        return ["AIRLOCK_STORAGE": storage]
    }

    /// What one writer did before it exited or was killed.
    struct Run {
        var wasKilled: Bool
        var acknowledgedID: String?
        var stderr: String
    }

    /// Runs `airlock memory add` for write `index`, SIGKILLing it after `killAfter` if it is
    /// still running. Output goes to files, so whatever the process wrote before the kill is
    /// kept.
    static func write(_ home: CLIHome, _ extra: [String: String], index: Int, killAfter: Duration?) throws -> Run {
        let scratch = home.test.directory.appending("writer")
        try? FileManager.default.removeItem(atPath: scratch)
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        try Data(body(index).utf8).write(to: URL(fileURLWithPath: scratch + "/in"))
        _ = FileManager.default.createFile(atPath: scratch + "/out", contents: nil)
        _ = FileManager.default.createFile(atPath: scratch + "/err", contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: AirlockProcess.executable)
        process.arguments = ["memory", "add", "--workspace", "acme", "--kind", "note", "--title", "write-\(index)", "--json"]
        var environment = home.environment.merging(extra) { $1 }
        environment["PATH"] = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        process.environment = environment
        process.standardInput = try FileHandle(forReadingFrom: URL(fileURLWithPath: scratch + "/in"))
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: scratch + "/out"))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: scratch + "/err"))
        try process.run()
        var killed = false
        if let killAfter {
            let deadline = ContinuousClock.now + killAfter
            while process.isRunning, ContinuousClock.now < deadline { usleep(500) }
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                killed = true
            }
        }
        process.waitUntilExit()
        if killed, process.terminationReason == .exit { killed = false } // it finished first
        let output = (try? String(contentsOfFile: scratch + "/out", encoding: .utf8)) ?? ""
        let errors = (try? String(contentsOfFile: scratch + "/err", encoding: .utf8)) ?? ""
        // Whatever reached stdout was acknowledged, whether or not the kill came after it.
        let id = (try? JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])?["id"] as? String
        return Run(wasKilled: killed, acknowledgedID: id, stderr: errors)
    }
}

extension Duration {
    /// The duration in whole milliseconds.
    fileprivate var milliseconds: Int64 { components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000 }
}
