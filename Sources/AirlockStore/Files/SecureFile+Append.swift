import Foundation
import Glibc

extension SecureFile {
    /// Appends `bytes` to the existing regular file `path` (never a symlink) and syncs it.
    static func append(_ bytes: [UInt8], to path: String) throws(FileSystemError) {
        let descriptor = open(path, O_WRONLY | O_APPEND | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else { throw .failed(operation: "open", path: path, reason: lastError()) }
        defer { close(descriptor) }
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw .failed(operation: "append to", path: path, reason: lastError())
            }
            written += count
        }
        guard fsync(descriptor) == 0 else { throw .failed(operation: "sync", path: path, reason: lastError()) }
    }

    /// The size in bytes of the regular file `path` (`lstat`).
    static func size(of path: String) throws(FileSystemError) -> Int64 {
        var info = stat()
        guard lstat(path, &info) == 0 else { throw .failed(operation: "inspect", path: path, reason: lastError()) }
        return Int64(info.st_size)
    }

    /// Removes the regular file `path` and syncs its directory; a missing file is fine.
    static func remove(_ path: String) throws(FileSystemError) {
        guard unlink(path) == 0 || errno == ENOENT else { throw .failed(operation: "remove", path: path, reason: lastError()) }
        let directory = open((path as NSString).deletingLastPathComponent, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard directory >= 0 else { return }
        _ = fsync(directory)
        close(directory)
    }

    /// Runs `body` holding an exclusive `flock` on the existing lock file `path`.
    static func withLock<T>(_ path: String, _ body: () throws -> T) throws -> T {
        let descriptor = open(path, O_RDWR | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else { throw FileSystemError.failed(operation: "open", path: path, reason: lastError()) }
        defer { close(descriptor) }
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else { throw FileSystemError.failed(operation: "lock", path: path, reason: lastError()) }
        }
        defer { flock(descriptor, LOCK_UN) }
        return try body()
    }

    /// The names in directory `path`, except those starting with a dot (temporary files
    /// and the lock).
    static func visibleNames(in path: String) throws(FileSystemError) -> [String] {
        switch try kind(of: path) {
        case .directory: break
        case .missing: throw .missing(path: path)
        case .symlink: throw .symlinkRefused(path: path)
        case .regular, .other: throw .notADirectory(path: path)
        }
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else {
            throw .failed(operation: "list", path: path, reason: lastError())
        }
        return names.filter { !$0.hasPrefix(".") }.sorted()
    }
}
