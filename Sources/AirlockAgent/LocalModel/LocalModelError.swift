import Foundation

/// Why the local model could not be set up or served, each a line the user can act on.
public enum LocalModelError: Error, CustomStringConvertible, Equatable {
    /// No `python3` on the PATH.
    case pythonMissing
    /// `python3 -m venv` failed, usually for want of Debian's python3-venv.
    case venvUnavailable(log: URL)
    /// A setup step's command failed with an exit status (negative: killed by that signal).
    case stepFailed(step: String, status: Int32, log: URL)
    /// A setup step's command could not be started.
    case launchFailed(step: String, executable: URL, reason: String)
    /// The downloaded package did not hold the model file at its expected size.
    case modelFileInvalid(bytes: Int64?, log: URL)
    /// A file or folder under the cache could not be written.
    case fileSystem(path: URL, reason: String)
    /// The environment or the model file is missing.
    case notInstalled(root: URL)
    /// No loopback port could be had for the server.
    case noFreePort(reason: String)
    /// The server exited before it answered.
    case serverExited(status: Int32, log: URL)
    /// The server did not list the model in time.
    case serverNotReady(seconds: Int, log: URL)

    /// The failure as one line the user can act on.
    public var description: String {
        switch self {
        case .pythonMissing:
            return "python3 not found on PATH: the local model needs Python 3 with venv (on Debian: apt-get install python3-venv)"
        case .venvUnavailable(let log):
            return "model setup step 'python environment' failed: python3 cannot create a virtual environment; install the Debian package python3-venv (log: \(log.path))"
        case .stepFailed(let step, let status, let log):
            let how = status < 0 ? "was killed by signal \(-status)" : "failed with exit status \(status)"
            return "model setup step '\(step)' \(how) (log: \(log.path))"
        case .launchFailed(let step, let executable, let reason):
            return "model setup step '\(step)' could not start \(executable.path): \(reason)"
        case .modelFileInvalid(let bytes, let log):
            let found = bytes.map { "\($0) bytes" } ?? "no model file"
            return "model setup step 'model' failed: expected \(LocalModel.modelFileSize) bytes in \(LocalModel.modelPackage), found \(found) (log: \(log.path))"
        case .fileSystem(let path, let reason):
            return "cannot write \(path.path): \(reason)"
        case .notInstalled(let root):
            return "the local model is not installed in \(root.path): run `make model` or `airlock model setup`"
        case .noFreePort(let reason):
            return "cannot find a free port on 127.0.0.1 for the local model server: \(reason)"
        case .serverExited(let status, let log):
            return "the local model server exited with status \(status) while starting (log: \(log.path))"
        case .serverNotReady(let seconds, let log):
            return "the local model server did not list \(LocalModel.alias) within \(seconds) s (log: \(log.path))"
        }
    }
}
