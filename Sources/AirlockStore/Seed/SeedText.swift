/// Deterministic, realistic-looking text for seeded workspaces: marketing prose in English
/// with some accented words and CJK terms, the same for the same seed on every machine.
///
/// Used by `airlock dev seed` and by the benchmarks, so that both work on the same kind of
/// data. Not random in any cryptographic sense.
public struct SeedText: Sendable {
    private var state: UInt64

    /// A generator whose output is fixed by `seed`.
    public init(seed: UInt64) {
        state = seed
    }

    /// The next pseudo-random number (SplitMix64).
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `range`.
    public mutating func number(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.count))
    }

    /// One element of `items`, which must not be empty.
    public mutating func pick<T>(_ items: [T]) -> T {
        items[Int(next() % UInt64(items.count))]
    }

    /// True with probability `percent` in 100.
    public mutating func chance(_ percent: Int) -> Bool {
        number(in: 0...99) < percent
    }

    /// One word: mostly English, about one in twenty accented, about one in forty CJK.
    public mutating func word() -> String {
        switch number(in: 0...39) {
        case 0: pick(SeedWords.cjk)
        case 1, 2: pick(SeedWords.accented)
        default: pick(SeedWords.english)
        }
    }

    /// A sentence of 6–18 words, capitalized and ending with a full stop.
    public mutating func sentence() -> String {
        let words = (0..<number(in: 6...18)).map { _ in word() }.joined(separator: " ")
        return words.prefix(1).uppercased() + words.dropFirst() + "."
    }

    /// A paragraph of `sentences` sentences.
    public mutating func paragraph(sentences: ClosedRange<Int> = 2...5) -> String {
        (0..<number(in: sentences)).map { _ in sentence() }.joined(separator: " ")
    }

    /// A title of 2–6 words, each capitalized.
    public mutating func title() -> String {
        (0..<number(in: 2...6)).map { _ in
            let word = word()
            return word.prefix(1).uppercased() + word.dropFirst()
        }.joined(separator: " ")
    }

    /// 0–4 distinct lowercase tags.
    public mutating func tags() -> [String] {
        var tags: [String] = []
        for _ in 0..<number(in: 0...4) {
            let tag = pick(SeedWords.tags)
            if !tags.contains(tag) { tags.append(tag) }
        }
        return tags
    }

    /// A chat message: short questions from the user; longer answers from the assistant,
    /// some with Markdown lists, headings or quotes.
    public mutating func message(fromUser: Bool) -> String {
        if fromUser {
            return chance(60) ? sentence() : paragraph(sentences: 1...3)
        }
        var blocks = [paragraph()]
        if chance(30) {
            blocks.append((0..<number(in: 2...5)).map { _ in "- " + sentence() }.joined(separator: "\n"))
        }
        if chance(15) { blocks.insert("## " + title(), at: 0) }
        if chance(10) { blocks.append("> " + sentence()) }
        if chance(40) { blocks.append(paragraph(sentences: 1...3)) }
        return blocks.joined(separator: "\n\n")
    }
}
