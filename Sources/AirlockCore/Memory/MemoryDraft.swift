import Foundation

/// A validated new memory document.
public struct MemoryDraft: Sendable, Equatable {
    /// The longest title, in characters.
    public static let titleLimit = 200
    /// The largest body, in UTF-8 bytes (1 MiB).
    public static let bodyByteLimit = 1 << 20

    /// What the document is about.
    public let kind: MemoryKind
    /// Trimmed one-line title.
    public let title: String
    /// The text.
    public let body: String
    /// Normalized tags (see ``MemoryTags``).
    public let tags: [String]
    /// Whether the document is pinned into every context.
    public let pinned: Bool

    /// Validates a new document.
    ///
    /// - Throws: ``InputError`` naming the field that was refused.
    public init(kind: MemoryKind, title: String, body: String, tags: [String] = [], pinned: Bool = false) throws(InputError) {
        self.kind = kind
        self.title = try TextField.label(title, field: "title", limit: Self.titleLimit)
        self.body = try TextField.body(body, field: "body", byteLimit: Self.bodyByteLimit)
        self.tags = try MemoryTags.normalize(tags)
        self.pinned = pinned
    }
}

/// A validated change to a memory document; nil fields stay as they are.
public struct MemoryPatch: Sendable, Equatable {
    /// New kind, if changing.
    public let kind: MemoryKind?
    /// New title, if changing.
    public let title: String?
    /// New body, if changing.
    public let body: String?
    /// New tags (replacing the old ones), if changing.
    public let tags: [String]?
    /// New pinned state, if changing.
    public let pinned: Bool?

    /// Validates a change.
    ///
    /// - Throws: ``InputError`` naming the field that was refused, or if nothing would change.
    public init(kind: MemoryKind? = nil, title: String? = nil, body: String? = nil, tags: [String]? = nil, pinned: Bool? = nil) throws(InputError) {
        guard kind != nil || title != nil || body != nil || tags != nil || pinned != nil else {
            throw InputError(field: "edit", reason: "nothing to change; give a new kind, title, body, tags or pin state")
        }
        self.kind = kind
        self.title = try title.map { (t: String) throws(InputError) in try TextField.label(t, field: "title", limit: MemoryDraft.titleLimit) }
        self.body = try body.map { (b: String) throws(InputError) in try TextField.body(b, field: "body", byteLimit: MemoryDraft.bodyByteLimit) }
        self.tags = try tags.map { (t: [String]) throws(InputError) in try MemoryTags.normalize(t) }
        self.pinned = pinned
    }

    /// `document` with this patch applied and `updatedAt` set.
    public func applied(to document: MemoryDocument, at time: Date) -> MemoryDocument {
        MemoryDocument(
            id: document.id,
            kind: kind ?? document.kind,
            title: title ?? document.title,
            body: body ?? document.body,
            tags: tags ?? document.tags,
            pinned: pinned ?? document.pinned,
            createdAt: document.createdAt,
            updatedAt: time
        )
    }
}

/// Tag rules: at most 32 tags, each 1–40 letters, digits, `-` or `_` in any script,
/// lowercased, duplicates dropped, order kept.
public enum MemoryTags {
    /// The most tags one document may carry.
    public static let countLimit = 32

    /// Normalizes and validates `tags`.
    ///
    /// - Throws: ``InputError`` naming the first refused tag.
    public static func normalize(_ tags: [String]) throws(InputError) -> [String] {
        var result: [String] = []
        for raw in tags {
            let tag = raw.trimmingWhitespace().lowercased()
            if tag.isEmpty { continue }
            guard tag.count <= 40 else { throw InputError(field: "tag", reason: "\(TerminalText.quoted(tag)) is longer than 40 characters") }
            guard tag.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic || $0.properties.numericType != nil || $0 == "-" || $0 == "_" || $0.properties.generalCategory == .nonspacingMark }) else {
                throw InputError(field: "tag", reason: "\(TerminalText.quoted(tag)) may hold only letters, digits, '-' and '_'")
            }
            if !result.contains(tag) { result.append(tag) }
        }
        guard result.count <= countLimit else { throw InputError(field: "tags", reason: "\(result.count) tags given; the limit is \(countLimit)") }
        return result
    }

    /// Splits a comma-separated list as typed on a command line.
    public static func split(_ list: String) -> [String] {
        list.split(separator: ",").map(String.init)
    }
}
