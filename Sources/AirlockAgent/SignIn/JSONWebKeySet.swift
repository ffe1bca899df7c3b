import AirlockCore
import Crypto
import CryptoExtras
import Foundation

/// The RSA signing keys of an issuer's JWKS (RFC 7517), by key id.
///
/// Keys other than RSA, keys not for signatures, keys for another algorithm than RS256
/// and keys shorter than 2048 bits are left out.
struct JSONWebKeySet: Sendable {
    private let keys: [(id: String?, key: _RSA.Signing.PublicKey)]

    /// The usable keys of a JWKS document (`{"keys": [...]}`), or nil if it is not one.
    init?(_ document: [String: JSONValue]) {
        guard case .array(let entries)? = document["keys"] else { return nil }
        keys = entries.compactMap { entry in
            guard case .object(let fields) = entry,
                  case .string("RSA")? = fields["kty"],
                  fields["use"] == nil || fields["use"] == .string("sig"),
                  fields["alg"] == nil || fields["alg"] == .string("RS256"),
                  case .string(let modulus)? = fields["n"], let n = Base64URL.decode(modulus),
                  case .string(let exponent)? = fields["e"], let e = Base64URL.decode(exponent),
                  let key = try? _RSA.Signing.PublicKey(n: n, e: e)
            else { return nil }
            let id: String? = if case .string(let kid)? = fields["kid"] { kid } else { nil }
            return (id, key)
        }
    }

    /// Whether no key is usable.
    var isEmpty: Bool { keys.isEmpty }

    /// The key named `id`; without an id, the only key if there is exactly one.
    func key(id: String?) -> _RSA.Signing.PublicKey? {
        guard let id else { return keys.count == 1 ? keys[0].key : nil }
        return keys.first { $0.id == id }?.key
    }
}
