/// What a memory document is about.
public enum MemoryKind: String, Sendable, Codable, CaseIterable, CustomStringConvertible {
    case brandVoice = "brand_voice"
    case persona
    case competitive
    case campaign
    case note

    /// Parses a kind by its stored name (`brand_voice`) or with a dash (`brand-voice`).
    ///
    /// - Throws: ``InputError`` listing the kinds there are.
    public init(parsing text: String) throws(InputError) {
        let normalized = text.lowercased().replacingOccurrences(of: "-", with: "_")
        guard let kind = MemoryKind(rawValue: normalized) else {
            let names = MemoryKind.allCases.map(\.rawValue).joined(separator: ", ")
            throw InputError(field: "memory kind", reason: "\(TerminalText.quoted(text)) is not one of \(names)")
        }
        self = kind
    }

    public var description: String { rawValue }
}
