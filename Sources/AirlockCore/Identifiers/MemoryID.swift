/// The identifier of a memory document within its workspace (`m-` and 12 random characters
/// when generated; any slug of up to 63 characters when imported).
public struct MemoryID: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The validated slug.
    public let rawValue: String

    /// Validates `rawValue` as a memory id.
    ///
    /// - Throws: ``IdentifierError`` naming what was wrong.
    public init(_ rawValue: String) throws(IdentifierError) {
        self.rawValue = try Slug.validate(rawValue, kind: "memory id", minLength: 2, maxLength: 63)
    }

    /// A fresh random id.
    public static func generate() -> MemoryID {
        try! MemoryID("m-" + Slug.random(count: 12))
    }

    public var description: String { rawValue }

    public static func < (lhs: MemoryID, rhs: MemoryID) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        try self.init(try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
