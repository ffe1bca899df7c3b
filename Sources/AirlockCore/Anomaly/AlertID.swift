/// The identifier of an alert within its workspace (`al-` and 12 random characters).
public struct AlertID: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The validated slug.
    public let rawValue: String

    /// Validates `rawValue` as an alert id.
    ///
    /// - Throws: ``IdentifierError`` naming what was wrong.
    public init(_ rawValue: String) throws(IdentifierError) {
        self.rawValue = try Slug.validate(rawValue, kind: "alert id", minLength: 2, maxLength: 63)
    }

    /// A fresh random id.
    public static func generate() -> AlertID {
        try! AlertID("al-" + Slug.random(count: 12))
    }

    public var description: String { rawValue }

    public static func < (lhs: AlertID, rhs: AlertID) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        try self.init(try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
