import AirlockCore
import AirlockStore
import AirlockTestSupport
import Foundation
import GRDB

/// Raw access to a workspace file, for tests that inspect or tamper with it behind the
/// store's back.
func withRawDatabase<T>(_ path: String, _ body: (Database) throws -> T) throws -> T {
    let queue = try DatabaseQueue(path: path)
    defer { try? queue.close() }
    return try queue.writeWithoutTransaction(body)
}

/// The permission bits of `path`, without following a final symlink.
func permissions(of path: String) -> UInt32? {
    var info = stat()
    guard lstat(path, &info) == 0 else { return nil }
    return UInt32(info.st_mode) & 0o7777
}

/// Whether anything exists at `path`, without following a final symlink.
func exists(_ path: String) -> Bool {
    var info = stat()
    return lstat(path, &info) == 0
}

/// The audit events that `operation` appended to `store`'s log.
///
/// The log is read before and after; the first read appends its own `audit.read` event,
/// which is skipped.
func auditEvents(appendedBy operation: () async throws -> Void, in store: any WorkspaceStore) async throws -> [AuditEvent] {
    let before = try await store.auditEvents(last: nil)
    try await operation()
    let after = try await store.auditEvents(last: nil)
    return Array(after.dropFirst(before.count + 1))
}

/// Every regular file below `directory`, read as bytes, by relative path.
func allFiles(under directory: String) -> [String: Data] {
    var files: [String: Data] = [:]
    let enumerator = FileManager.default.enumerator(atPath: directory)
    while let relative = enumerator?.nextObject() as? String {
        let path = directory + "/" + relative
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
           let data = FileManager.default.contents(atPath: path) {
            files[relative] = data
        }
    }
    return files
}

extension Data {
    /// Whether `needle` occurs in these bytes.
    func contains(bytes needle: [UInt8]) -> Bool {
        range(of: Data(needle)) != nil
    }
}

/// A memory draft, without the `throws(InputError)` noise at every call site.
func draft(_ title: String, body: String = "body", kind: MemoryKind = .note, tags: [String] = [], pinned: Bool = false) throws -> MemoryDraft {
    try MemoryDraft(kind: kind, title: title, body: body, tags: tags, pinned: pinned)
}
