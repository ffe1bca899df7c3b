import Foundation

/// Every entry below a directory with its type, size and modification time, to prove
/// that an operation touched nothing.
public struct DirectorySnapshot: Equatable, Sendable {
    /// Relative path → "kind size mtime".
    public let entries: [String: String]

    /// Walks `root` without following symlinks.
    public init(of root: String) {
        var entries: [String: String] = [:]
        let manager = FileManager.default
        func walk(_ relative: String) {
            let path = relative.isEmpty ? root : root + "/" + relative
            guard let attributes = try? manager.attributesOfItem(atPath: path) else { return }
            let type = attributes[.type] as? FileAttributeType
            let size = (attributes[.size] as? NSNumber)?.int64Value ?? -1
            let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            entries[relative] = "\(type?.rawValue ?? "?") \(size) \(modified)"
            if type == .typeDirectory, let children = try? manager.contentsOfDirectory(atPath: path) {
                for child in children { walk(relative.isEmpty ? child : relative + "/" + child) }
            }
        }
        walk("")
        self.entries = entries
    }
}
