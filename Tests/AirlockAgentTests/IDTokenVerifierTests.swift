@testable import AirlockAgent
import AirlockCore
import AirlockTestSupport
import CryptoExtras
import Foundation
import Testing

/// ID token checks against locally signed tokens: signature, issuer, audience, times,
/// nonce and email, each refused on its own.
@Suite("IDTokenVerifier")
struct IDTokenVerifierTests {
    private static let key = try! _RSA.Signing.PrivateKey(keySize: .bits2048)
    private static let otherKey = try! _RSA.Signing.PrivateKey(keySize: .bits2048)
    private static let issuer = "https://issuer.example"
    private static let client = "airlock-client"
    private let now = Date(timeIntervalSince1970: 1_767_225_600)

    /// A JWKS entry for `key`.
    private static func jwk(_ key: _RSA.Signing.PublicKey, id: String?, extra: [String: Any] = [:]) -> [String: Any] {
        let primitives = try! key.getKeyPrimitives()
        var entry: [String: Any] = ["kty": "RSA", "n": base64URL(primitives.modulus), "e": base64URL(primitives.publicExponent)]
        entry["kid"] = id
        return entry.merging(extra) { $1 }
    }

    private static func keySet(_ entries: [[String: Any]]) throws -> JSONWebKeySet {
        let data = try JSONSerialization.data(withJSONObject: ["keys": entries])
        guard case .object(let fields) = try JSONValue(parsing: String(decoding: data, as: UTF8.self)), let set = JSONWebKeySet(fields) else {
            throw Failure("not a key set")
        }
        return set
    }

    private static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    private struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    private func verifier(keys: JSONWebKeySet? = nil, issuer: String = issuer) throws -> IDTokenVerifier {
        IDTokenVerifier(issuer: issuer, clientID: Self.client, keys: try keys ?? Self.keySet([Self.jwk(Self.key.publicKey, id: "k1")]), leeway: 60)
    }

    /// Claims of a valid token issued at `now`, changed by `changes` (NSNull removes a claim).
    private func claims(_ changes: [String: Any] = [:]) -> [String: Any] {
        let time = now.timeIntervalSince1970
        var claims: [String: Any] = [
            "iss": Self.issuer, "aud": Self.client, "sub": "1234", "email": "Alice@Example.com", "email_verified": true,
            "iat": time, "exp": time + 3600,
        ]
        for (name, value) in changes { claims[name] = value is NSNull ? nil : value }
        return claims
    }

    private func token(_ claims: [String: Any], header: [String: Any] = ["alg": "RS256", "kid": "k1"], key: _RSA.Signing.PrivateKey = key) -> String {
        FakeOIDCIssuer.sign(header: header, claims: claims, key: key)
    }

    private func rejection(_ token: String, verifier: IDTokenVerifier? = nil, nonce: String? = nil) throws -> IDTokenRejection? {
        do {
            _ = try (verifier ?? self.verifier()).verifiedEmail(token, now: now, nonce: nonce)
            return nil
        } catch let error as IDTokenRejection {
            return error
        }
    }

    // MARK: - Accepted

    @Test func aValidTokenGivesItsNormalizedEmail() throws {
        #expect(try verifier().verifiedEmail(token(claims()), now: now).rawValue == "alice@example.com")
    }

    @Test func leewayToleratesSmallClockDifferences() throws {
        let time = now.timeIntervalSince1970
        #expect(try rejection(token(claims(["exp": time - 30]))) == nil, "expired 30 s ago, within the 60 s leeway")
        #expect(try rejection(token(claims(["iat": time + 30, "nbf": time + 30]))) == nil)
    }

    @Test func audienceListsAndAuthorizedPartiesNamingTheClientAreAccepted() throws {
        #expect(try rejection(token(claims(["aud": [Self.client, "other"], "azp": Self.client]))) == nil)
        #expect(try rejection(token(claims(["azp": Self.client]))) == nil)
        #expect(try rejection(token(claims(["email_verified": "true"]))) == nil, "some providers send a string")
    }

    @Test func aMatchingNonceIsAccepted() throws {
        #expect(try rejection(token(claims(["nonce": "n-123"])), nonce: "n-123") == nil)
    }

    @Test func aSingleKeyWithoutIdIsUsedForATokenWithoutKid() throws {
        let keys = try Self.keySet([Self.jwk(Self.key.publicKey, id: nil)])
        #expect(try rejection(token(claims(), header: ["alg": "RS256"]), verifier: verifier(keys: keys)) == nil)
    }

    @Test func googlesSchemelessIssuerIsAcceptedForGoogle() throws {
        let google = try verifier(issuer: OpenIDSettings.googleIssuer)
        #expect(try rejection(token(claims(["iss": "accounts.google.com"])), verifier: google) == nil)
        #expect(try rejection(token(claims(["iss": OpenIDSettings.googleIssuer])), verifier: google) == nil)
        #expect(try rejection(token(claims(["iss": "issuer.example"]))) == .wrongIssuer, "only for Google")
    }

    // MARK: - Refused

    @Test func signaturesMustVerifyWithTheNamedKey() throws {
        #expect(try rejection(token(claims(), key: Self.otherKey)) == .badSignature)
        #expect(try rejection(token(claims(), header: ["alg": "RS256", "kid": "k2"])) == .unknownKey)
        let good = token(claims())
        let parts = good.split(separator: ".").map(String.init)
        let forged = parts[0] + "." + Self.base64URL(try JSONSerialization.data(withJSONObject: claims(["email": "mallory@example.com"]))) + "." + parts[2]
        #expect(try rejection(forged) == .badSignature, "claims changed after signing")
        let twoKeys = try Self.keySet([Self.jwk(Self.key.publicKey, id: "k1"), Self.jwk(Self.otherKey.publicKey, id: "k2")])
        #expect(try rejection(token(claims(), header: ["alg": "RS256"]), verifier: verifier(keys: twoKeys)) == .unknownKey,
                "no kid and several keys: none is guessed")
    }

    @Test func onlyRS256WithoutCriticalExtensionsIsAccepted() throws {
        let unsigned = Self.base64URL(try JSONSerialization.data(withJSONObject: ["alg": "none"])) + "."
            + Self.base64URL(try JSONSerialization.data(withJSONObject: claims())) + "."
        #expect(try rejection(unsigned) == .unsupportedAlgorithm)
        #expect(try rejection(token(claims(), header: ["alg": "HS256", "kid": "k1"])) == .unsupportedAlgorithm)
        #expect(try rejection(token(claims(), header: ["alg": "RS256", "kid": "k1", "crit": ["exp"]])) == .unsupportedAlgorithm)
    }

    @Test func registeredClaimsAreChecked() throws {
        let time = now.timeIntervalSince1970
        let cases: [([String: Any], IDTokenRejection)] = [
            (["iss": "https://evil.example"], .wrongIssuer),
            (["iss": NSNull()], .wrongIssuer),
            (["aud": "someone-else"], .wrongAudience),
            (["aud": NSNull()], .wrongAudience),
            (["aud": [Self.client, "other"]], .wrongAudience),
            (["aud": [Self.client, "other"], "azp": "other"], .wrongAudience),
            (["azp": "other"], .wrongAudience),
            (["exp": time - 61], .expired),
            (["exp": NSNull()], .expired),
            (["exp": "\(time + 3600)"], .expired),
            (["iat": time + 61], .notYetValid),
            (["iat": NSNull()], .notYetValid),
            (["nbf": time + 61], .notYetValid),
            (["email": NSNull()], .noEmail),
            (["email": "not an email"], .noEmail),
            (["email_verified": false], .emailNotVerified),
            (["email_verified": NSNull()], .emailNotVerified),
            (["email_verified": "false"], .emailNotVerified),
        ]
        for (changes, expected) in cases {
            #expect(try rejection(token(claims(changes))) == expected, "\(changes)")
        }
    }

    @Test func aNonceMustMatchWhenTheFlowSentOne() throws {
        #expect(try rejection(token(claims(["nonce": "other"])), nonce: "n-123") == .nonceMismatch)
        #expect(try rejection(token(claims()), nonce: "n-123") == .nonceMismatch)
    }

    @Test func malformedTokensAreRefused() throws {
        let good = token(claims())
        let oversized = token(claims(["sub": String(repeating: "a", count: IDTokenVerifier.sizeLimit)]))
        for text in ["", "a.b", "a.b.c.d", good + "x=", "!!!." + good, good.replacingOccurrences(of: ".", with: ".."), oversized] {
            #expect(try rejection(text) == .malformed, "\(text.prefix(40))")
        }
        let notObject = Self.base64URL(Data("[1]".utf8)) + "." + good.split(separator: ".")[1] + "." + good.split(separator: ".")[2]
        #expect(try rejection(notObject) == .malformed)
    }

    // MARK: - Key sets

    @Test func keySetsKeepOnlyRS256SigningKeysOfAtLeast2048Bits() throws {
        let short = try _RSA.Signing.PrivateKey(unsafeKeySize: .init(bitCount: 1024))
        let set = try Self.keySet([
            Self.jwk(Self.key.publicKey, id: "enc", extra: ["use": "enc"]),
            Self.jwk(Self.key.publicKey, id: "ps", extra: ["alg": "PS256"]),
            Self.jwk(short.publicKey, id: "short"),
            ["kty": "EC", "kid": "ec", "crv": "P-256", "x": "AA", "y": "AA"],
            Self.jwk(Self.otherKey.publicKey, id: "good", extra: ["use": "sig", "alg": "RS256"]),
        ])
        #expect(set.key(id: "good") != nil)
        for id in ["enc", "ps", "short", "ec", "missing"] { #expect(set.key(id: id) == nil, "\(id)") }
        #expect(set.key(id: nil) != nil, "the one usable key")
        #expect(JSONWebKeySet(["keys": .string("none")]) == nil)
        #expect(try Self.keySet([Self.jwk(short.publicKey, id: "short")]).isEmpty)
    }
}
