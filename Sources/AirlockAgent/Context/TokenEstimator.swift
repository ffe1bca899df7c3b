/// A quick, conservative estimate of how many tokens a text costs.
///
/// About four ASCII characters make a token in common tokenizers; other scripts (CJK in
/// particular) cost about one token per character. Each message adds a few tokens of
/// framing. Used for budgeting only — servers count exactly.
public enum TokenEstimator {
    /// Tokens of framing added per message.
    public static let perMessage = 4

    /// The estimated tokens of `text`.
    public static func estimate(_ text: String) -> Int {
        var ascii = 0
        var other = 0
        for scalar in text.unicodeScalars {
            if scalar.isASCII { ascii += 1 } else { other += 1 }
        }
        return (ascii + 3) / 4 + other
    }
}
