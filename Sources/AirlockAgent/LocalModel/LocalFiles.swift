import Foundation

/// The file operations setup needs: sizes, folders, atomic renames and logs.
enum LocalFiles {
    /// The size of the regular file at `url`, or nil when there is none.
    static func size(_ url: URL) -> Int64? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: url.path),
              attributes[.type] as? FileAttributeType == .typeRegular,
              let size = attributes[.size] as? NSNumber
        else { return nil }
        return size.int64Value
    }

    /// The summed size of the regular files under the folder `url`, or nil when it is missing.
    static func treeSize(_ url: URL) -> Int64? {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder), isFolder.boolValue,
              let files = FileManager.default.enumerator(at: url, includingPropertiesForKeys: [.fileSizeKey, .isRegularFileKey])
        else { return nil }
        var total: Int64 = 0
        for case let file as URL in files {
            let values = try? file.resourceValues(forKeys: [.fileSizeKey, .isRegularFileKey])
            if values?.isRegularFile == true { total += Int64(values?.fileSize ?? 0) }
        }
        return total
    }

    /// Creates the folder `url` and its parents if they are missing.
    static func createFolder(_ url: URL) throws {
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            throw LocalModelError.fileSystem(path: url, reason: "cannot create the folder: \(error.localizedDescription)")
        }
    }

    /// Moves `source` to `destination` in one step, replacing what was there.
    static func rename(_ source: URL, to destination: URL) throws {
        guard Foundation.rename(source.path, destination.path) == 0 else {
            throw LocalModelError.fileSystem(path: destination, reason: String(cString: strerror(errno)))
        }
    }

    /// A new, empty scratch folder under `paths`; the caller removes it.
    static func scratchFolder(_ paths: LocalModelPaths, _ name: String) throws -> URL {
        let folder = paths.scratch.appendingPathComponent("\(name)-\(UUID().uuidString)", isDirectory: true)
        try createFolder(folder)
        return folder
    }

    /// Removes `url` and everything in it, ignoring a missing one.
    static func remove(_ url: URL) {
        try? FileManager.default.removeItem(at: url)
    }
}

/// A file opened for appending, shared by Airlock and the subprocesses it starts.
final class LogFile: Sendable {
    /// The file's path.
    let url: URL
    private let descriptor: Int32

    /// Opens `url` for appending (emptying it first when `truncate`), creating it mode 0600.
    init(_ url: URL, truncate: Bool) throws {
        let descriptor = open(url.path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | (truncate ? O_TRUNC : 0), 0o600)
        guard descriptor >= 0 else {
            throw LocalModelError.fileSystem(path: url, reason: String(cString: strerror(errno)))
        }
        self.url = url
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }

    /// A handle a subprocess can write its output to; valid while this log is alive.
    var handle: FileHandle { FileHandle(fileDescriptor: descriptor, closeOnDealloc: false) }

    /// Appends `data`; a log that cannot be written is not worth failing setup for.
    func append(_ data: Data) {
        data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written <= 0 { if errno == EINTR { continue } else { return } }
                offset += written
            }
        }
    }

    /// Appends `text`.
    func append(_ text: String) { append(Data(text.utf8)) }
}
