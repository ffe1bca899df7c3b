import AirlockCore

/// The words of a message worth looking up in memory.
enum RetrievalTerms {
    /// Common English words that say nothing about what to retrieve.
    static let stopWords: Set<String> = [
        "the", "and", "for", "are", "but", "not", "you", "your", "with", "this", "that", "from", "have", "has",
        "was", "were", "will", "would", "can", "could", "should", "what", "which", "who", "whom", "when", "where",
        "why", "how", "all", "any", "our", "out", "about", "into", "than", "then", "them", "they", "there", "their",
        "these", "those", "please", "some", "more", "most", "also", "just", "like", "make", "write", "give", "tell",
        "use", "need", "want", "let", "its", "it's", "i'm", "does", "did", "doing", "been", "being", "very",
    ]

    /// A search over up to 12 distinctive words of `message`, any of which may match;
    /// nil if it has none.
    static func query(for message: String, limit: Int) -> MemorySearchQuery? {
        var terms: [String] = []
        var length = 0
        for word in words(of: message) where !terms.contains(word) {
            guard terms.count < 12, length + word.count + 1 <= SearchText.lengthLimit else { break }
            terms.append(word)
            length += word.count + 1
        }
        guard !terms.isEmpty else { return nil }
        return try? MemorySearchQuery(terms.joined(separator: " "), limit: limit, matching: .any)
    }

    private static func words(of message: String) -> [String] {
        var result: [String] = []
        var current = ""
        func flush() {
            let ascii = current.unicodeScalars.allSatisfy(\.isASCII)
            if !current.isEmpty, !(ascii && current.count < 3), !stopWords.contains(current) { result.append(current) }
            current = ""
        }
        for character in message.lowercased() {
            if character.isLetter || character.isNumber || character == "'" { current.append(character) } else { flush() }
        }
        flush()
        return result
    }
}
