import Foundation

/// Unique marker strings planted in one workspace's data so that tests can prove they
/// never surface anywhere else.
public enum Canary {
    /// A marker like `CANARYB7f3k2…` that no other test data contains. Letters and digits
    /// only, so it survives tokenizers, Markdown and JSON unchanged.
    public static func make(_ label: String) -> String {
        "CANARY" + label.uppercased() + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
    }

    /// The canaries of `canaries` that occur in `text`.
    public static func found(_ canaries: [String], in text: String) -> [String] {
        canaries.filter { text.contains($0) }
    }
}
