import Foundation

/// Files Airlock writes for the user outside the home (exports).
public enum ExportFile {
    /// Replaces the file at `path` (absolute, or relative to the working directory) with
    /// `text`, atomically and with mode 0600: a reader sees the old file or the whole new
    /// one, never a part.
    ///
    /// - Throws: ``FileSystemError`` naming the path, if it cannot be written.
    public static func write(_ text: String, to path: String) throws(FileSystemError) {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        try SecureFile.writeAtomically(Array(text.utf8), to: absolute, mode: 0o600)
    }
}
