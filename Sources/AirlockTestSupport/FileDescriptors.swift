import Foundation

/// The open file descriptors of this process, read from `/proc/self/fd`.
public enum FileDescriptors {
    /// The paths the process's descriptors point at.
    public static func openPaths() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        return names.compactMap { try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/" + $0) }
    }

    /// The descriptors open on files under `directory`.
    public static func openPaths(under directory: String) -> [String] {
        openPaths().filter { $0.hasPrefix(directory + "/") }
    }
}
