import Foundation

/// Paths of export directories given on the command line.
enum TransferPath {
    /// `path` made absolute against the working directory, without trailing slashes.
    static func absolute(_ path: String) -> String {
        var absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        while absolute.count > 1, absolute.hasSuffix("/") { absolute.removeLast() }
        return absolute
    }
}
