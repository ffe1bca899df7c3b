import AirlockCore
import Crypto
import CryptoExtras
import Foundation

/// Why an ID token was not accepted. Only logged (at debug level); users see
/// ``SignInError/unknownAccountOrWrongCredentials`` whatever the reason.
enum IDTokenRejection: Error, Equatable, CustomStringConvertible {
    case malformed, unsupportedAlgorithm, unknownKey, badSignature, wrongIssuer, wrongAudience
    case expired, notYetValid, nonceMismatch, noEmail, emailNotVerified

    var description: String {
        switch self {
        case .malformed: "the ID token is not a well-formed JWT"
        case .unsupportedAlgorithm: "the ID token is not signed with RS256"
        case .unknownKey: "the ID token's key is not in the issuer's key set"
        case .badSignature: "the ID token's signature does not verify"
        case .wrongIssuer: "the ID token names another issuer"
        case .wrongAudience: "the ID token is for another client"
        case .expired: "the ID token has expired"
        case .notYetValid: "the ID token is not valid yet"
        case .nonceMismatch: "the ID token's nonce does not match"
        case .noEmail: "the ID token has no email"
        case .emailNotVerified: "the ID token's email is not verified"
        }
    }
}

/// Checks an OpenID Connect ID token: an RS256 signature by one of the issuer's keys,
/// the issuer, the audience (and authorized party), expiry and issue time with a small
/// leeway, the nonce when the flow sent one, and a verified email.
struct IDTokenVerifier: Sendable {
    /// The issuer the token must name.
    let issuer: String
    /// The client id the token must be for.
    let clientID: String
    /// The issuer's keys.
    let keys: JSONWebKeySet
    /// Seconds of clock difference tolerated.
    let leeway: TimeInterval

    /// The longest ID token accepted, in bytes.
    static let sizeLimit = 16 * 1024

    /// The verified email of `token` at `now`; `nonce` must match the token's when given.
    ///
    /// - Throws: the ``IDTokenRejection`` of the first check that fails.
    func verifiedEmail(_ token: String, now: Date, nonce: String? = nil) throws(IDTokenRejection) -> AccountEmail {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard token.utf8.count <= Self.sizeLimit, parts.count == 3,
              let header = Self.object(parts[0]), let claims = Self.object(parts[1]), let signature = Base64URL.decode(parts[2])
        else { throw .malformed }
        guard header["alg"] == .string("RS256"), header["crit"] == nil else { throw .unsupportedAlgorithm }
        let keyID: String? = if case .string(let kid)? = header["kid"] { kid } else { nil }
        guard let key = keys.key(id: keyID) else { throw .unknownKey }
        let signed = Data((parts[0] + "." + parts[1]).utf8)
        guard key.isValidSignature(_RSA.Signing.RSASignature(rawRepresentation: signature), for: SHA256.hash(data: signed), padding: .insecurePKCS1v1_5) else {
            throw .badSignature
        }
        try check(claims, now: now, nonce: nonce)
        guard case .string(let address)? = claims["email"], let email = try? AccountEmail(address) else { throw .noEmail }
        guard claims["email_verified"] == .bool(true) || claims["email_verified"] == .string("true") else { throw .emailNotVerified }
        return email
    }

    /// Checks the registered claims: `iss`, `aud`/`azp`, `exp`, `iat`, `nbf`, `nonce`.
    private func check(_ claims: [String: JSONValue], now: Date, nonce: String?) throws(IDTokenRejection) {
        guard case .string(let named)? = claims["iss"], acceptedIssuers.contains(named) else { throw .wrongIssuer }
        let audiences: [String] = switch claims["aud"] {
        case .string(let audience)?: [audience]
        case .array(let values)?: values.compactMap { if case .string(let audience) = $0 { audience } else { nil } }
        default: []
        }
        guard audiences.contains(clientID) else { throw .wrongAudience }
        if audiences.count > 1 || claims["azp"] != nil, claims["azp"] != .string(clientID) { throw .wrongAudience }
        let time = now.timeIntervalSince1970
        guard case .number(let expiry)? = claims["exp"], time < expiry + leeway else { throw .expired }
        guard case .number(let issued)? = claims["iat"], issued <= time + leeway else { throw .notYetValid }
        if case .number(let notBefore)? = claims["nbf"], notBefore > time + leeway { throw .notYetValid }
        if let nonce, claims["nonce"] != .string(nonce) { throw .nonceMismatch }
    }

    /// The issuer, and Google's historical spelling without the scheme.
    private var acceptedIssuers: [String] {
        issuer == OpenIDSettings.googleIssuer ? [issuer, "accounts.google.com"] : [issuer]
    }

    /// The JSON object a base64url segment encodes.
    private static func object(_ segment: Substring) -> [String: JSONValue]? {
        guard let bytes = Base64URL.decode(segment), case .object(let fields)? = try? JSONValue(parsing: String(decoding: bytes, as: UTF8.self)) else {
            return nil
        }
        return fields
    }
}
