/// The identifier of a client workspace: a lowercase slug `[a-z0-9][a-z0-9-]{1,62}`.
///
/// Validated at construction, so an unvalidated string can never name a directory or a
/// row. Workspace ids become directory names under the home (`clients/<id>/`).
public struct WorkspaceID: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The validated slug.
    public let rawValue: String

    /// The longest accepted id, in characters.
    public static let maxLength = 63

    /// Validates `rawValue` as a workspace id.
    ///
    /// - Throws: ``IdentifierError`` naming what was wrong.
    public init(_ rawValue: String) throws(IdentifierError) {
        self.rawValue = try Slug.validate(rawValue, kind: "workspace id", minLength: 2, maxLength: Self.maxLength)
    }

    /// Derives an id from a display name (`"Acme Corp."` → `acme-corp`), or a random
    /// `ws-…` id when the name holds too few ASCII letters or digits.
    public static func derived(fromName name: String) -> WorkspaceID {
        var slug = ""
        for scalar in name.lowercased().unicodeScalars {
            if scalar.isASCII, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                slug.unicodeScalars.append(scalar)
            } else if !slug.isEmpty, slug.last != "-" {
                slug.append("-")
            }
        }
        while slug.last == "-" { slug.removeLast() }
        slug = String(slug.prefix(maxLength))
        while slug.last == "-" { slug.removeLast() }
        if let id = try? WorkspaceID(slug) { return id }
        return try! WorkspaceID("ws-" + Slug.random(count: 10))
    }

    public var description: String { rawValue }

    public static func < (lhs: WorkspaceID, rhs: WorkspaceID) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        try self.init(try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
