import Foundation
import Glibc

/// Small POSIX helpers for the home: no symlink following, explicit modes, atomic writes.
enum SecureFile {
    /// What is at a path, without following a final symlink.
    enum Kind: Equatable { case missing, directory, regular, symlink, other }

    /// The kind of entry at `path` (`lstat`).
    static func kind(of path: String) throws(FileSystemError) -> Kind {
        var info = stat()
        if lstat(path, &info) != 0 {
            if errno == ENOENT || errno == ENOTDIR { return .missing }
            throw .failed(operation: "inspect", path: path, reason: lastError())
        }
        switch info.st_mode & S_IFMT {
        case S_IFDIR: return .directory
        case S_IFREG: return .regular
        case S_IFLNK: return .symlink
        default: return .other
        }
    }

    /// The permission bits of `path` (`lstat`).
    static func mode(of path: String) throws(FileSystemError) -> UInt32 {
        var info = stat()
        guard lstat(path, &info) == 0 else { throw .failed(operation: "inspect", path: path, reason: lastError()) }
        return UInt32(info.st_mode) & 0o7777
    }

    /// Creates directory `path` with `mode` unless a directory is already there.
    ///
    /// - Returns: whether it was created now.
    @discardableResult
    static func makeDirectory(_ path: String, mode: mode_t) throws(FileSystemError) -> Bool {
        switch try kind(of: path) {
        case .directory: return false
        case .symlink: throw .symlinkRefused(path: path)
        case .regular, .other: throw .notADirectory(path: path)
        case .missing:
            guard mkdir(path, mode) == 0 else {
                if errno == EEXIST { return try makeDirectory(path, mode: mode) }
                throw .failed(operation: "create directory", path: path, reason: lastError())
            }
            _ = chmod(path, mode)
            return true
        }
    }

    /// Reads a regular file of at most `limit` bytes, refusing symlinks and, when
    /// `privateOnly`, files that group or others may access.
    static func read(_ path: String, limit: Int, privateOnly: Bool) throws(FileSystemError) -> [UInt8] {
        switch try kind(of: path) {
        case .regular: break
        case .missing: throw .missing(path: path)
        case .symlink: throw .symlinkRefused(path: path)
        case .directory, .other: throw .notAFile(path: path)
        }
        if privateOnly {
            let mode = try mode(of: path)
            if mode & 0o077 != 0 { throw .tooPermissive(path: path, mode: mode) }
        }
        let descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else { throw .failed(operation: "open", path: path, reason: lastError()) }
        defer { close(descriptor) }
        var bytes = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw .failed(operation: "read", path: path, reason: lastError())
            }
            if count == 0 { break }
            bytes.append(contentsOf: buffer[0..<count])
            if bytes.count > limit { throw .tooLarge(path: path, limit: limit) }
        }
        return bytes
    }

    /// Replaces `path` with `bytes` atomically: a temporary file in the same directory is
    /// written with `mode`, synced, and renamed over the target; then the directory is synced.
    /// A crash leaves either the old file or the new one, never a mix.
    static func writeAtomically(_ bytes: [UInt8], to path: String, mode: mode_t) throws(FileSystemError) {
        if try kind(of: path) == .symlink { throw .symlinkRefused(path: path) }
        let directory = (path as NSString).deletingLastPathComponent
        let temporary = directory + "/." + (path as NSString).lastPathComponent + ".tmp-" + UUID().uuidString.lowercased()
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
        guard descriptor >= 0 else { throw .failed(operation: "write", path: path, reason: lastError()) }
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                let reason = lastError()
                close(descriptor)
                unlink(temporary)
                throw .failed(operation: "write", path: path, reason: reason)
            }
            written += count
        }
        if fsync(descriptor) != 0 {
            let reason = lastError()
            close(descriptor)
            unlink(temporary)
            throw .failed(operation: "sync", path: path, reason: reason)
        }
        close(descriptor)
        guard Glibc.rename(temporary, path) == 0 else {
            let reason = lastError()
            unlink(temporary)
            throw .failed(operation: "replace", path: path, reason: reason)
        }
        syncDirectory(directory)
    }

    /// Creates `path` with `bytes` only if nothing is there yet (`O_EXCL`), synced.
    ///
    /// - Returns: false if the file already existed.
    static func createExclusively(_ bytes: [UInt8], at path: String, mode: mode_t) throws(FileSystemError) -> Bool {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
        if descriptor < 0 {
            if errno == EEXIST { return false }
            throw .failed(operation: "create", path: path, reason: lastError())
        }
        let ok = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) } == bytes.count && fsync(descriptor) == 0
        let reason = lastError()
        close(descriptor)
        guard ok else {
            unlink(path)
            throw .failed(operation: "write", path: path, reason: reason)
        }
        syncDirectory((path as NSString).deletingLastPathComponent)
        return true
    }

    /// Removes `path` and everything below it, never following symlinks out of it.
    static func removeTree(_ path: String) throws(FileSystemError) {
        switch try kind(of: path) {
        case .missing: return
        case .directory:
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else {
                throw .failed(operation: "list", path: path, reason: lastError())
            }
            for name in names { try removeTree(path + "/" + name) }
            guard rmdir(path) == 0 else { throw .failed(operation: "remove", path: path, reason: lastError()) }
        case .regular, .symlink, .other:
            guard unlink(path) == 0 else { throw .failed(operation: "remove", path: path, reason: lastError()) }
        }
    }

    /// Renames `source` to `destination` (same file system, atomic).
    static func rename(_ source: String, to destination: String) throws(FileSystemError) {
        guard Glibc.rename(source, destination) == 0 else {
            throw .failed(operation: "rename", path: source, reason: lastError())
        }
        syncDirectory((destination as NSString).deletingLastPathComponent)
    }

    /// The canonical absolute path of an existing `path`, with symlinks resolved.
    static func realPath(_ path: String) throws(FileSystemError) -> String {
        guard let resolved = realpath(path, nil) else { throw .failed(operation: "resolve", path: path, reason: lastError()) }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    private static func syncDirectory(_ directory: String) {
        let descriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        _ = fsync(descriptor)
        close(descriptor)
    }

    /// The current `errno` as text.
    static func lastError() -> String {
        String(cString: strerror(errno))
    }
}
