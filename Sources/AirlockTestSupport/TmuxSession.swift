import Foundation
import Glibc

/// A program running in a private tmux server, driven by keys and read back as text —
/// how end-to-end tests use the console as a person would.
///
/// Waits poll the pane every 50 ms until a deadline; nothing relies on fixed sleeps.
public final class TmuxSession: @unchecked Sendable {
    private let socket: String
    private let directory: TemporaryDirectory

    /// Starts `arguments` with `environment` in a `width`×`height` pane.
    ///
    /// - Throws: ``TmuxError/notInstalled`` if tmux is missing (`make test` installs it).
    public init(_ arguments: [String], environment: [String: String], width: Int = 120, height: Int = 36) throws {
        directory = try TemporaryDirectory(prefix: "airlock-tmux")
        socket = directory.appending("socket")
        let assignments = environment.merging(["TERM": "xterm-256color", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"]) { old, _ in old }
            .sorted { $0.key < $1.key }.map { "\($0.key)=\(Self.quoted($0.value))" }.joined(separator: " ")
        let command = "env -i PATH=\(Self.quoted(ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")) \(assignments) " + arguments.map(Self.quoted).joined(separator: " ")
        // The server forks from this command and would hold a captured stdout open for
        // good, so this one command writes nowhere.
        guard try tmux(["new-session", "-d", "-x", String(width), "-y", String(height), command], capture: false).status == 0 else {
            throw TmuxError.notInstalled
        }
    }

    /// Types `text` literally.
    public func type(_ text: String) throws {
        _ = try tmux(["send-keys", "-l", text])
    }

    /// Presses keys by tmux name (`Enter`, `Escape`, `F3`, `M-2`, `C-q`).
    public func press(_ keys: String...) throws {
        _ = try tmux(["send-keys"] + keys)
    }

    /// Pastes `text` as a bracketed paste.
    public func paste(_ text: String) throws {
        _ = try tmux(["set-buffer", "--", text])
        _ = try tmux(["paste-buffer", "-p"])
    }

    /// The pane's text now.
    public func screen() throws -> String {
        try tmux(["capture-pane", "-p"]).output
    }

    /// The pane's title (what an escape sequence could have changed).
    public func title() throws -> String {
        try tmux(["display-message", "-p", "#{pane_title}"]).output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Resizes the window.
    public func resize(width: Int, height: Int) throws {
        _ = try tmux(["resize-window", "-x", String(width), "-y", String(height)])
    }

    /// Whether the program is still running.
    public var isRunning: Bool {
        ((try? tmux(["has-session"]))?.status ?? 1) == 0
    }

    /// Waits until the screen satisfies `condition`; returns the last screen either way.
    @discardableResult
    public func waitFor(timeout: Duration = .seconds(30), _ condition: (String) -> Bool) async throws -> (met: Bool, screen: String) {
        let deadline = ContinuousClock.now + timeout
        var last = ""
        while ContinuousClock.now < deadline {
            guard isRunning else { return (false, last) }
            last = try screen()
            if condition(last) { return (true, last) }
            try await Task.sleep(for: .milliseconds(50))
        }
        return (false, last)
    }

    /// Waits until `text` is on screen.
    @discardableResult
    public func waitFor(_ text: String, timeout: Duration = .seconds(30)) async throws -> (met: Bool, screen: String) {
        try await waitFor(timeout: timeout) { $0.contains(text) }
    }

    /// Waits until the program has exited.
    public func waitForExit(timeout: Duration = .seconds(30)) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if !isRunning { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return false
    }

    deinit {
        _ = try? tmux(["kill-server"])
    }

    /// Runs `tmux -S socket arguments…` and waits for it with `waitpid` on its own pid
    /// (not on SIGCHLD, which threads of a test process may all block).
    private func tmux(_ arguments: [String], capture: Bool = true) throws -> (status: Int32, output: String) {
        var descriptors: [Int32] = [0, 0]
        guard pipe(&descriptors) == 0 else { throw TmuxError.notInstalled }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        if capture {
            posix_spawn_file_actions_adddup2(&actions, descriptors[1], 1)
        } else {
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        }
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addclose(&actions, descriptors[0])
        posix_spawn_file_actions_addclose(&actions, descriptors[1])
        let argv = (["tmux", "-S", socket] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawnp(&pid, "tmux", &actions, nil, argv, environ)
        close(descriptors[1])
        defer { close(descriptors[0]) }
        guard spawned == 0 else { throw TmuxError.notInstalled }
        var output = Data()
        if capture {
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                let count = read(descriptors[0], &buffer, buffer.count)
                if count > 0 { output.append(contentsOf: buffer[0..<count]) } else if count == 0 || errno != EINTR { break }
            }
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        let exitStatus = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        return (exitStatus, String(decoding: output, as: UTF8.self))
    }

    private static func quoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

/// Why a tmux session could not run.
public enum TmuxError: Error, CustomStringConvertible {
    case notInstalled

    public var description: String {
        "tmux is not installed; run `make test` (it installs tmux) or `apt-get install tmux`"
    }
}
