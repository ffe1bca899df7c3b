import AirlockCore
import Crypto
import CryptoExtras
import Foundation

/// The cost of stretching a password with scrypt.
///
/// The default, ``standard``, is N = 2^15, r = 8, p = 1: 32 MiB of memory and roughly
/// 0.1 s of one core per sign-in, with a 32-byte random salt per account and a 32-byte
/// output. The parameters are stored with each account, so raising them later leaves older
/// accounts working.
public struct ScryptParameters: Sendable, Equatable {
    /// log2 of the CPU/memory cost N.
    public let logN: Int
    /// The block size r.
    public let r: Int
    /// The parallelism p.
    public let p: Int

    /// The bytes of each account's random salt.
    public static let saltByteCount = 32

    /// N = 2^15, r = 8, p = 1.
    public static let standard = ScryptParameters(uncheckedLogN: 15, r: 8, p: 1)

    /// Parameters within the ranges Airlock accepts: log2 N 10–22, r 1–32, p 1–16.
    ///
    /// - Throws: ``InputError`` for anything outside them.
    public init(logN: Int, r: Int, p: Int) throws(InputError) {
        guard (10...22).contains(logN), (1...32).contains(r), (1...16).contains(p) else {
            throw InputError(field: "scrypt parameters", reason: "log2 N must be 10–22, r 1–32 and p 1–16")
        }
        self.init(uncheckedLogN: logN, r: r, p: p)
    }

    private init(uncheckedLogN logN: Int, r: Int, p: Int) {
        self.logN = logN
        self.r = r
        self.p = p
    }

    /// A fresh random salt.
    static func newSalt() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<saltByteCount).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }

    /// The 32-byte scrypt output for `password` (its Unicode NFC form, UTF-8) and `salt`.
    func stretch(_ password: String, salt: [UInt8]) throws -> SymmetricKey {
        try KDF.Scrypt.deriveKey(
            from: Array(password.precomposedStringWithCanonicalMapping.utf8), salt: salt, outputByteCount: 32,
            rounds: 1 << logN, blockSize: r, parallelism: p)
    }
}
