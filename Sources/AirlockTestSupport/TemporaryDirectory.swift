import Foundation

/// A fresh directory under the system's temporary folder, removed when released.
public final class TemporaryDirectory: @unchecked Sendable {
    /// The directory's canonical absolute path.
    public let path: String

    /// Creates an empty directory whose name starts with `prefix`.
    public init(prefix: String = "airlock-test") throws {
        let base = (NSTemporaryDirectory() as NSString).resolvingSymlinksInPath
        let path = base + "/" + prefix + "-" + UUID().uuidString.lowercased()
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        self.path = path
    }

    /// `path` joined with `component`.
    public func appending(_ component: String) -> String {
        path + "/" + component
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }
}
