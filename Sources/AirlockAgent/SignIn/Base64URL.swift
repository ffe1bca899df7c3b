import Foundation

/// The URL-safe base64 of JSON Web Tokens and Keys (RFC 4648 §5, no padding).
enum Base64URL {
    /// The bytes of `text`, or nil if it is not unpadded base64url.
    static func decode(_ text: some StringProtocol) -> [UInt8]? {
        guard text.utf8.allSatisfy({ $0.isASCIIBase64URL }) else { return nil }
        var standard = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        standard += String(repeating: "=", count: (4 - standard.utf8.count % 4) % 4)
        return Data(base64Encoded: standard).map(Array.init)
    }
}

extension UInt8 {
    /// Whether this ASCII byte is a letter, digit, `-` or `_`.
    fileprivate var isASCIIBase64URL: Bool {
        (0x41...0x5A).contains(self) || (0x61...0x7A).contains(self) || (0x30...0x39).contains(self) || self == 0x2D || self == 0x5F
    }
}
