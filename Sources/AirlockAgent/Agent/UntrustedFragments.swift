import Foundation

/// Text that entered the conversation from memory or tool output, remembered so that a
/// tool call repeating it — the typical shape of a prompt injection — is caught.
///
/// A string argument is tainted when it contains a run of five words found in untrusted
/// text, or, when shorter, is itself a substring of untrusted text of at least 12 characters.
struct UntrustedFragments {
    private static let shingleLength = 5
    private var texts: [String] = []
    private var shingles: Set<String> = []

    /// Remembers `text` as untrusted.
    mutating func add(_ text: String) {
        let normalized = Self.normalize(text)
        guard !normalized.isEmpty else { return }
        texts.append(normalized)
        shingles.formUnion(Self.shingles(of: normalized))
    }

    /// Whether any string inside `arguments` repeats untrusted text.
    func taints(_ arguments: JSONValue) -> Bool {
        arguments.strings.contains { value in
            let normalized = Self.normalize(value)
            let own = Self.shingles(of: normalized)
            if !own.isEmpty { return !own.isDisjoint(with: shingles) }
            return normalized.count >= 12 && texts.contains { $0.contains(normalized) }
        }
    }

    private static func normalize(_ text: String) -> String {
        text.lowercased().split(whereSeparator: { $0.isWhitespace || $0.isPunctuation }).joined(separator: " ")
    }

    private static func shingles(of normalized: String) -> Set<String> {
        let words = normalized.split(separator: " ")
        guard words.count >= shingleLength else { return [] }
        return Set((0...(words.count - shingleLength)).map { words[$0..<($0 + shingleLength)].joined(separator: " ") })
    }
}
