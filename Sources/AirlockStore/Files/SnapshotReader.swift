import AirlockCore
import Foundation

/// Reads the files of a snapshot directory, turning any failure into
/// ``SnapshotError/damagedFile(name:reason:)`` naming the file relative to the directory.
struct SnapshotReader {
    let directory: String

    /// `body` applied to the bytes of file `name`.
    func file<T>(_ name: String, _ body: ([UInt8]) throws -> T) throws -> T {
        do {
            return try body(try SecureFile.read(directory + "/" + name, limit: WorkspaceFiles.readLimit, privateOnly: false))
        } catch {
            throw SnapshotError.damagedFile(name: name, reason: Self.reason(error))
        }
    }

    /// `body` applied to every non-empty line of file `name`; a missing `optional` file
    /// has no lines.
    func lines<T>(_ name: String, optional: Bool = false, _ body: (ArraySlice<UInt8>) throws -> T) throws -> [T] {
        if optional, (try? SecureFile.kind(of: directory + "/" + name)) == .missing { return [] }
        return try file(name) { bytes in
            try FileJSON.lines(bytes).enumerated().map { index, line in
                do {
                    return try body(line)
                } catch {
                    throw StoreError.storage("line \(index + 1): \(Self.reason(error))")
                }
            }
        }
    }

    /// `body` applied to every `<id><suffix>` file of `folder`, by name; other names are
    /// ignored, an id that does not parse is refused.
    func items<ID, T>(in folder: String, suffix: String, id make: (String) throws -> ID, _ body: (ID, [UInt8]) throws -> T) throws -> [T] {
        let names: [String]
        do {
            names = try SecureFile.visibleNames(in: directory + "/" + folder)
        } catch {
            throw SnapshotError.damagedFile(name: folder, reason: Self.reason(error))
        }
        var items: [T] = []
        for name in names where name.hasSuffix(suffix) {
            let path = folder + "/" + name
            let id: ID
            do {
                id = try make(String(name.dropLast(suffix.count)))
            } catch {
                throw SnapshotError.damagedFile(name: path, reason: "its name is not a valid id")
            }
            items.append(try file(path) { try body(id, $0) })
        }
        return items
    }

    /// A short reason for `error`, without the path the caller names anyway.
    private static func reason(_ error: any Error) -> String {
        switch error {
        case StoreError.storage(let message): return message
        case FileSystemError.missing: return "it is missing"
        case FileSystemError.symlinkRefused: return "it is a symbolic link"
        case FileSystemError.notAFile: return "it is not a regular file"
        case FileSystemError.notADirectory: return "it is not a directory"
        case FileSystemError.tooLarge(_, let limit): return "it is larger than \(limit) bytes"
        default: return "\(error)"
        }
    }
}
