import AirlockTestSupport
import Foundation
import GRDB
import Testing

/// A write that cannot be completed — the file-size limit is reached (as on a full disk) or
/// the home is read-only — fails with one clear line and a non-zero exit, and leaves nothing
/// half written: the workspace still opens, its audit chain verifies, `PRAGMA
/// integrity_check` passes, the document is absent, no stray file is left behind, and the
/// next write succeeds once there is room again.
///
/// Methods that work for root and non-root alike, and never skip:
/// - *disk full*: `RLIMIT_FSIZE` (`prlimit --fsize`) on the writing process, with `SIGXFSZ`
///   ignored, so every write past the limit fails with `EFBIG` — the same short write a full
///   disk gives (`ENOSPC`), without needing a mount. The limit is set at several distances
///   above the largest file of the home so the failure lands at different points of the
///   write (database pages, write-ahead log, memory file, audit log).
/// - *read-only*: as root (to whom permissions are no obstacle) a read-only bind mount in a
///   private mount namespace of the writing process only (`unshare -m`), otherwise
///   `chmod a-w`. If neither can be set up the test fails and says why.
///
/// A real `ENOSPC` on a small tmpfs is exercised by `scripts/reliability.sh`.
@Suite("Full disk and read-only home", .serialized)
struct FullDiskTests {
    @Test(arguments: ["sqlite", "files"])
    func aWritePastTheFileSizeLimitFailsCleanlyAndLeavesNothingHalfWritten(storage: String) async throws {
        let home = try CLIHome()
        let extra = try CrashConsistencyTests.prepare(home, storage: storage)
        try await CrashConsistencyTests.createWorkspace(home, extra)
        let before = try await Self.add(home, extra, title: "kept", body: "kept body")
        #expect(before.status == 0, "a first write succeeds: \(before.stderr)")

        let body = String(repeating: "a large document that does not fit; ", count: 24_000) // ~0.9 MB, under the 1 MiB stdin limit
        var messages: Set<String> = []
        for margin in [0, 4 << 10, 32 << 10, 256 << 10] {
            let snapshot = try Self.files(under: home.root)
            let limit = try Self.largestFile(under: home.root) + margin
            let result = try Self.run(home, extra, ["memory", "add", "--workspace", "acme", "--kind", "note", "--title", "too-big", "--json"],
                                      stdin: body, wrapper: ["prlimit", "--fsize=\(limit):\(limit)", "--"])
            result.expectOneLineFailure()
            messages.insert(result.stderr)
            try await Self.expectConsistent(home, extra, storage: storage, titles: ["kept"], snapshot: snapshot, context: "limit +\(margin)")
        }
        let after = try await Self.add(home, extra, title: "after", body: "room again")
        #expect(after.status == 0, "a write succeeds once there is room: \(after.stderr)")
        print("full-disk (RLIMIT_FSIZE, EFBIG) \(storage): \(messages.sorted().joined(separator: " | ").replacingOccurrences(of: "\n", with: ""))")
    }

    @Test(arguments: ["sqlite", "files"], [true, false])
    func aWriteToAReadOnlyHomeFailsCleanlyAndChangesNothing(storage: String, wholeHome: Bool) async throws {
        let home = try CLIHome()
        let extra = try CrashConsistencyTests.prepare(home, storage: storage)
        try await CrashConsistencyTests.createWorkspace(home, extra)
        #expect(try await Self.add(home, extra, title: "kept", body: "kept body").status == 0)
        let target = wholeHome ? home.root : home.clients + "/acme"
        let snapshot = try Self.files(under: home.root)

        let arguments = ["memory", "add", "--workspace", "acme", "--kind", "note", "--title", "refused", "--json"]
        let result: Outcome
        let method: String
        if geteuid() == 0 {
            method = "read-only bind mount"
            let script = #"mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" "$1" || { echo "airlock-test: cannot mount $1 read-only" >&2; exit 97; }; shift; exec "$@""#
            result = try Self.run(home, extra, arguments, stdin: "refused body", wrapper: ["unshare", "-m", "/bin/sh", "-c", script, "sh", target])
            #expect(result.status != 97, "the read-only mount could be set up: \(result.stderr)")
        } else {
            method = "chmod a-w"
            try Self.setWritable(false, under: target)
            defer { try? Self.setWritable(true, under: target) }
            result = try Self.run(home, extra, arguments, stdin: "refused body", wrapper: [])
        }
        result.expectOneLineFailure()
        try await Self.expectConsistent(home, extra, storage: storage, titles: ["kept"], snapshot: snapshot, context: method)
        print("read-only (\(method), \(wholeHome ? "whole home" : "workspace folder")) \(storage): \(result.stderr.replacingOccurrences(of: "\n", with: ""))")
    }

    // MARK: - Support

    /// How a wrapped run exited and what it printed.
    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String

        /// Checks the failure every command must give: a non-zero exit, nothing on stdout,
        /// exactly one line on stderr starting `airlock: `.
        func expectOneLineFailure(sourceLocation: SourceLocation = #_sourceLocation) {
            #expect(status != 0, sourceLocation: sourceLocation)
            #expect(stdout == "", "stdout: \(stdout)", sourceLocation: sourceLocation)
            #expect(stderr.hasPrefix("airlock: "), "stderr: \(stderr)", sourceLocation: sourceLocation)
            #expect(stderr.hasSuffix("\n") && stderr.filter(\.isNewline).count == 1, "stderr: \(stderr)", sourceLocation: sourceLocation)
        }
    }

    /// Checks that no file appeared under the home since `snapshot` (a half-written document
    /// or a temporary file; the WAL and its index may come and go), then that the workspace
    /// opens, verifies and holds exactly `titles`.
    static func expectConsistent(_ home: CLIHome, _ extra: [String: String], storage: String, titles: [String], snapshot: Set<String>,
                                 context: String, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        // First, before any other command runs: what the failed write left on disk.
        let appeared = try files(under: home.root).subtracting(snapshot).filter { !$0.hasSuffix("-wal") && !$0.hasSuffix("-shm") }
        #expect(appeared.isEmpty, "\(context): files left behind: \(appeared.sorted())", sourceLocation: sourceLocation)
        let list = try await home.run(["memory", "list", "--workspace", "acme", "--json"], environment: extra)
        expectSuccess(list, sourceLocation: sourceLocation)
        let listed = try jsonArray(list.stdout).compactMap { $0["title"] as? String }
        #expect(listed.sorted() == titles.sorted(), "\(context): the refused document is absent", sourceLocation: sourceLocation)
        let verify = try await home.run(["audit", "verify", "--workspace", "acme"], environment: extra)
        expectSuccess(verify, sourceLocation: sourceLocation)
        let maintenance = try await home.run(["maintenance", "verify", "--all"], environment: extra)
        expectSuccess(maintenance, sourceLocation: sourceLocation)
        if storage == "sqlite" {
            let database = try DatabaseQueue(path: home.test.databasePath(of: try .init("acme")))
            let check = try await database.read { try String.fetchAll($0, sql: "PRAGMA integrity_check") }
            try database.close()
            #expect(check == ["ok"], "\(context): integrity_check \(check)", sourceLocation: sourceLocation)
        }
    }

    /// Adds a document normally.
    static func add(_ home: CLIHome, _ extra: [String: String], title: String, body: String) async throws -> AirlockProcess.Result {
        try await home.run(["memory", "add", "--workspace", "acme", "--kind", "note", "--title", title, "--json"], environment: extra, stdin: body)
    }

    /// Runs `wrapper… airlock arguments…` with the home's environment; `SIGXFSZ` is ignored
    /// (a shell sets the disposition, which `exec` keeps), so a write past `RLIMIT_FSIZE`
    /// fails with `EFBIG` instead of killing the process.
    static func run(_ home: CLIHome, _ extra: [String: String], _ arguments: [String], stdin: String, wrapper: [String]) throws -> Outcome {
        let scratch = home.test.directory.appending("wrapped")
        try? FileManager.default.removeItem(atPath: scratch)
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        try Data(stdin.utf8).write(to: URL(fileURLWithPath: scratch + "/in"))
        _ = FileManager.default.createFile(atPath: scratch + "/out", contents: nil)
        _ = FileManager.default.createFile(atPath: scratch + "/err", contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", #"trap '' XFSZ; exec "$@""#, "sh"] + wrapper + [AirlockProcess.executable] + arguments
        var environment = home.environment.merging(extra) { $1 }
        environment["PATH"] = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/sbin:/usr/bin:/sbin:/bin"
        process.environment = environment
        process.standardInput = try FileHandle(forReadingFrom: URL(fileURLWithPath: scratch + "/in"))
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: scratch + "/out"))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: scratch + "/err"))
        try process.run()
        process.waitUntilExit()
        let stdout = try String(contentsOfFile: scratch + "/out", encoding: .utf8)
        let stderr = try String(contentsOfFile: scratch + "/err", encoding: .utf8)
        #expect(process.terminationReason == .exit, "the writer exited rather than dying of a signal; stderr: \(stderr)")
        return Outcome(status: process.terminationStatus, stdout: stdout, stderr: stderr)
    }

    /// Every regular file under `root`, relative to it.
    static func files(under root: String) throws -> Set<String> {
        guard let enumerator = FileManager.default.enumerator(atPath: root) else { return [] }
        var found: Set<String> = []
        while let path = enumerator.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: root + "/" + path, isDirectory: &isDirectory), !isDirectory.boolValue { found.insert(path) }
        }
        return found
    }

    /// The size of the largest file under `root`.
    static func largestFile(under root: String) throws -> Int {
        try files(under: root).map { path in
            (try FileManager.default.attributesOfItem(atPath: root + "/" + path)[.size] as? NSNumber)?.intValue ?? 0
        }.max() ?? 0
    }

    /// Removes (or restores) write permission on `root` and everything under it.
    static func setWritable(_ writable: Bool, under root: String) throws {
        var paths = [root]
        if let enumerator = FileManager.default.enumerator(atPath: root) {
            while let path = enumerator.nextObject() as? String { paths.append(root + "/" + path) }
        }
        for path in paths {
            let mode = try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber).intValue
            try FileManager.default.setAttributes([.posixPermissions: writable ? mode | 0o200 : mode & ~0o222], ofItemAtPath: path)
        }
    }
}
