import AirlockCore

extension AirlockHome {
    /// `<home>/limits`: the rate-limit logs, kept apart from the registry and from every
    /// workspace's own files.
    var limitsDirectory: String { root + "/limits" }

    /// The file that holds the logs of `request`, creating the limits folder (0700) if
    /// needed: `sign-in.sqlite` for sign-in attempts of any subject — counted before a
    /// token is verified, so an unknown workspace id never gets a file of its own — and
    /// `workspace-<id>.sqlite` for a workspace's API and chat requests, so that one
    /// workspace's flood never waits on another's file lock.
    ///
    /// - Throws: ``FileSystemError`` if the folder or the file is a symbolic link or not
    ///   what it should be.
    func limitsFile(for request: RateLimitRequest) throws -> String {
        let directory = limitsDirectory
        switch try SecureFile.kind(of: directory) {
        case .directory: break
        case .missing: try SecureFile.makeDirectory(directory, mode: 0o700)
        case .symlink: throw FileSystemError.symlinkRefused(path: directory)
        case .regular, .other: throw FileSystemError.notADirectory(path: directory)
        }
        let name: String
        if request.requestClass == .signIn {
            name = "sign-in"
        } else if request.subject.key.hasPrefix("workspace:"), let id = try? WorkspaceID(String(request.subject.key.dropFirst("workspace:".count))) {
            name = "workspace-" + id.rawValue
        } else {
            name = "other"
        }
        let path = directory + "/" + name + ".sqlite"
        for suffix in ["", "-wal", "-shm"] where try SecureFile.kind(of: path + suffix) == .symlink {
            throw FileSystemError.symlinkRefused(path: path + suffix)
        }
        return path
    }

    /// The limits file of workspace `id`'s API and chat requests (removed with the workspace).
    func workspaceLimitsFile(_ id: WorkspaceID) -> String {
        limitsDirectory + "/workspace-" + id.rawValue + ".sqlite"
    }
}
