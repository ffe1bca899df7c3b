import AirlockCore
import Foundation

/// A memory document as a Markdown file: front matter between `---` lines, one
/// `key: <JSON value>` a line (kind, title, tags, pinned, created and updated times in
/// milliseconds since 1970), then the body verbatim.
///
/// ```
/// ---
/// kind: "note"
/// title: "Brand voice"
/// tags: ["tone","voice"]
/// pinned: true
/// created_at: 1767225600000
/// updated_at: 1767225600000
/// ---
/// The body, byte for byte.
/// ```
enum MemoryFile {
    private static let fence = "---\n"

    /// The file's bytes for `document`.
    static func encode(_ document: MemoryDocument) throws -> [UInt8] {
        var text = fence
        func field(_ key: String, _ value: some Encodable) throws {
            text += key + ": " + String(decoding: try FileJSON.encode(value), as: UTF8.self) + "\n"
        }
        try field("kind", document.kind.rawValue)
        try field("title", document.title)
        try field("tags", document.tags)
        try field("pinned", document.pinned)
        try field("created_at", document.createdAt.millisecondsSince1970)
        try field("updated_at", document.updatedAt.millisecondsSince1970)
        return Array((text + fence + document.body).utf8)
    }

    /// The document `id` stored as `bytes`.
    ///
    /// - Throws: ``StoreError/storage(_:)`` if the front matter is damaged.
    static func decode(_ bytes: [UInt8], id: MemoryID) throws -> MemoryDocument {
        let fenceBytes = Array(fence.utf8)
        guard bytes.starts(with: fenceBytes), let close = closingFence(in: bytes) else { throw damaged(id) }
        let header = String(decoding: bytes[fenceBytes.count..<close], as: UTF8.self)
        var fields: [String: Substring] = [:]
        for line in header.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { throw damaged(id) }
            fields[String(line[..<colon])] = line[line.index(after: colon)...]
        }
        func value<T: Decodable>(_ key: String, _ type: T.Type) throws -> T {
            guard let raw = fields[key], let values = try? JSONDecoder().decode([T].self, from: Data(("[" + raw + "]").utf8)), values.count == 1 else {
                throw damaged(id)
            }
            return values[0]
        }
        guard let kind = MemoryKind(rawValue: try value("kind", String.self)) else { throw damaged(id) }
        return MemoryDocument(
            id: id, kind: kind, title: try value("title", String.self), body: String(decoding: bytes[(close + fenceBytes.count)...], as: UTF8.self),
            tags: try value("tags", [String].self), pinned: try value("pinned", Bool.self),
            createdAt: Date(millisecondsSince1970: try value("created_at", Int64.self)),
            updatedAt: Date(millisecondsSince1970: try value("updated_at", Int64.self))
        )
    }

    /// The offset of the closing `---` line: the first `\n---\n` after the opening one,
    /// counted from its `---`.
    private static func closingFence(in bytes: [UInt8]) -> Int? {
        let marker = Array("\n---\n".utf8)
        var index = fence.utf8.count - 1
        while index + marker.count <= bytes.count {
            if bytes[index..<index + marker.count].elementsEqual(marker) { return index + 1 }
            index += 1
        }
        return nil
    }

    private static func damaged(_ id: MemoryID) -> StoreError {
        .storage("memory document \(id) has damaged front matter")
    }
}
