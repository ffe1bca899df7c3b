import AirlockCore
import Foundation

/// An issuer's endpoints and signing keys, read from its discovery document and JWKS.
struct OpenIDProvider: Sendable {
    /// The issuer as the discovery document names it (equal to the configured one).
    let issuer: String
    /// Where the device flow starts.
    let deviceAuthorizationEndpoint: String
    /// Where the device flow is polled.
    let tokenEndpoint: String
    /// Where the signing keys are.
    let jwksURI: String

    /// The most bytes of a discovery document or key set read.
    static let documentLimit = 256 * 1024

    /// Reads `<issuer>/.well-known/openid-configuration` through `http`.
    ///
    /// - Throws: ``OpenIDError/provider(issuer:reason:)`` if it cannot be fetched, lacks an
    ///   endpoint, names another issuer, or an endpoint is neither https nor local;
    ///   ``IntegrationHTTPError`` if the issuer cannot be reached.
    static func discover(_ issuer: String, http: IntegrationHTTP) async throws -> OpenIDProvider {
        let configured = issuer.hasSuffix("/") ? String(issuer.dropLast()) : issuer
        func refuse(_ reason: String) -> OpenIDError { .provider(issuer: issuer, reason: reason) }
        let fields = try await document(configured + "/.well-known/openid-configuration", issuer: issuer, http: http)
        func endpoint(_ name: String) throws -> String {
            guard case .string(let url)? = fields[name], !url.isEmpty else { throw refuse("its discovery document has no \(name)") }
            guard (try? IntegrationBase(url)) != nil else {
                throw refuse("its \(name) is neither https nor on this machine")
            }
            return url
        }
        guard case .string(let named)? = fields["issuer"], named == configured || named == configured + "/" else {
            throw refuse("its discovery document names another issuer")
        }
        return OpenIDProvider(
            issuer: named, deviceAuthorizationEndpoint: try endpoint("device_authorization_endpoint"),
            tokenEndpoint: try endpoint("token_endpoint"), jwksURI: try endpoint("jwks_uri"))
    }

    /// The issuer's current signing keys.
    ///
    /// - Throws: ``OpenIDError/provider(issuer:reason:)`` if the key set cannot be read or
    ///   holds no usable RSA key.
    func signingKeys(http: IntegrationHTTP) async throws -> JSONWebKeySet {
        let fields = try await Self.document(jwksURI, issuer: issuer, http: http)
        guard let keys = JSONWebKeySet(fields), !keys.isEmpty else {
            throw OpenIDError.provider(issuer: issuer, reason: "its key set holds no usable RS256 key")
        }
        return keys
    }

    /// The JSON object at `url`.
    private static func document(_ url: String, issuer: String, http: IntegrationHTTP) async throws -> [String: JSONValue] {
        func refuse(_ reason: String) -> OpenIDError { .provider(issuer: issuer, reason: reason) }
        guard (try? IntegrationBase(url)) != nil else { throw refuse("\(url) is neither https nor on this machine") }
        let exchange = try await http.get(url, readLimit: documentLimit)
        guard exchange.status == 200 else { throw refuse("\(url) answered HTTP \(exchange.status)") }
        guard !exchange.bodyContinues else { throw refuse("\(url) sent more than \(documentLimit) bytes") }
        guard case .object(let fields)? = try? JSONValue(parsing: String(decoding: exchange.body, as: UTF8.self)) else {
            throw refuse("\(url) did not send a JSON object")
        }
        return fields
    }
}
