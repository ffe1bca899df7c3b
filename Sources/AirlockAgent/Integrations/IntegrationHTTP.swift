import AirlockCore
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// The transport of integration tools: sends one request to an integration's base URL with
/// its credentials applied and returns the answer with every secret redacted.
///
/// Before anything is sent, the URL is checked to be below the integration's base URL and
/// the credentials to be that integration's. Redirects are never followed (a 3xx comes back
/// as the result), so a credential never reaches another host. Connect, read and total
/// times are limited, the body is cut after a limit, and cancelling the calling task closes
/// the connection. The same client serves ``OAuthClient``.
public struct IntegrationHTTP: Sendable {
    /// Time and size limits.
    public struct Limits: Sendable, Equatable {
        /// Seconds to wait for a connection.
        public var connectTimeout: Double
        /// Seconds the server may stay silent before the answer starts or while it streams.
        public var readTimeout: Double
        /// Seconds a whole exchange may take.
        public var totalTimeout: Double
        /// Bytes of response body returned; the rest is cut.
        public var bodyLimit: Int

        /// Creates limits; the defaults are 10 s, 30 s, 60 s and 256 KiB.
        public init(connectTimeout: Double = 10, readTimeout: Double = 30, totalTimeout: Double = 60, bodyLimit: Int = 256 * 1024) {
            self.connectTimeout = connectTimeout
            self.readTimeout = readTimeout
            self.totalTimeout = totalTimeout
            self.bodyLimit = bodyLimit
        }
    }

    /// A response as received: status, headers and the first bytes of the body.
    struct Exchange {
        let status: Int
        let headers: HTTPHeaders
        let body: [UInt8]
        /// Whether the body went on beyond the bytes read.
        let bodyContinues: Bool
    }

    /// The limits this transport applies.
    public let limits: Limits
    private let client: HTTPClient

    /// Creates a transport with its own connection pool; call ``shutdown()`` when done.
    public init(limits: Limits = Limits()) {
        self.limits = limits
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(connect: StreamingHTTP.timeAmount(limits.connectTimeout), read: StreamingHTTP.timeAmount(limits.readTimeout)))
        configuration.connectionPool.retryConnectionEstablishment = false
        client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }

    /// Closes the transport's connections.
    public func shutdown() async {
        try? await client.shutdown()
    }

    /// Sends `request` with `credentials` and returns the answer, whatever its status.
    ///
    /// - Throws: ``IntegrationHTTPError`` — before sending if the credentials are another
    ///   integration's or lack one the request needs, or the URL is outside the base URL;
    ///   after, if the server cannot be reached or times out. `CancellationError` when the
    ///   task is cancelled.
    public func send(_ request: IntegrationRequest, credentials: IntegrationCredentials) async throws -> IntegrationResponse {
        guard credentials.integration == request.integration else {
            throw IntegrationHTTPError.credentialsMismatch(request: request.integration, credentials: credentials.integration)
        }
        guard request.base.contains(request.url) else { throw IntegrationHTTPError.outsideBaseURL(request.url) }
        let redactor = SecretRedactor(credentials.secrets)
        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.method = HTTPMethod(rawValue: request.method.rawValue)
        outgoing.headers = try Self.headers(of: request, credentials: credentials)
        if let body = try Self.body(of: request, credentials: credentials) {
            outgoing.headers.add(name: "content-type", value: "application/json")
            outgoing.body = .bytes(ByteBuffer(bytes: body))
        }
        let displayURL = String(request.url.prefix { $0 != "?" })
        let exchange = try await self.exchange(outgoing, displayURL: displayURL, readLimit: limits.bodyLimit + redactor.longestPattern, redactor: redactor)
        let (kept, cut) = redactor.redact(exchange.body, keeping: limits.bodyLimit)
        let truncated = cut || exchange.bodyContinues
        var body = String(decoding: truncated ? IntegrationResponse.trimmingIncompleteCharacter(kept) : kept, as: UTF8.self)
        if truncated { body += IntegrationResponse.cutNote(limit: limits.bodyLimit) }
        var headers: [String: String] = [:]
        for name in IntegrationResponse.returnedHeaders {
            let values = exchange.headers[name]
            if !values.isEmpty { headers[name] = redactor.redact(values.joined(separator: ", ")) }
        }
        return IntegrationResponse(status: exchange.status, headers: headers, body: body, isTruncated: truncated)
    }

    /// Posts `fields` form-encoded to `url` and reads up to `readLimit` bytes of the answer;
    /// error texts are redacted with `redactor`.
    func postForm(_ fields: [(name: String, value: String)], to url: String, readLimit: Int, redactor: SecretRedactor) async throws -> Exchange {
        var outgoing = HTTPClientRequest(url: url)
        outgoing.method = .POST
        outgoing.headers = ["user-agent": "Airlock", "accept": "application/json", "content-type": "application/x-www-form-urlencoded"]
        outgoing.body = .bytes(ByteBuffer(string: PercentEncoding.form(fields)))
        return try await exchange(outgoing, displayURL: url, readLimit: readLimit, redactor: redactor)
    }

    /// Gets `url` (JSON expected) and reads up to `readLimit` bytes of the answer.
    func get(_ url: String, readLimit: Int) async throws -> Exchange {
        var outgoing = HTTPClientRequest(url: url)
        outgoing.headers = ["user-agent": "Airlock", "accept": "application/json"]
        return try await exchange(outgoing, displayURL: url, readLimit: readLimit, redactor: SecretRedactor([]))
    }

    /// Sends `request` and reads the response head and up to `readLimit` bytes of its body.
    private func exchange(_ request: HTTPClientRequest, displayURL: String, readLimit: Int, redactor: SecretRedactor) async throws -> Exchange {
        let deadline = NIODeadline.now() + StreamingHTTP.timeAmount(limits.totalTimeout)
        let headDeadline = min(deadline, NIODeadline.now() + StreamingHTTP.timeAmount(limits.connectTimeout + limits.readTimeout))
        var body: [UInt8] = []
        var continues = false
        let response: HTTPClientResponse
        do {
            response = try await client.execute(request, deadline: headDeadline)
            for try await chunk in response.body {
                let room = readLimit - body.count
                body += chunk.readableBytesView.prefix(room)
                if chunk.readableBytes > room {
                    continues = true
                    break
                }
                if NIODeadline.now() > deadline { throw HTTPClientError.deadlineExceeded }
            }
        } catch {
            throw try transportError(error, url: displayURL, redactor: redactor)
        }
        return Exchange(status: Int(response.status.code), headers: response.headers, body: body, bodyContinues: continues)
    }

    /// The error to report for a failure of the HTTP client.
    ///
    /// - Throws: `CancellationError` when the task was cancelled.
    private func transportError(_ error: any Error, url: String, redactor: SecretRedactor) throws -> IntegrationHTTPError {
        if Task.isCancelled || error is CancellationError || (error as? HTTPClientError) == .cancelled {
            throw CancellationError()
        }
        switch error as? HTTPClientError {
        case .connectTimeout?:
            return .connectFailed(url: url, reason: "timed out")
        case .readTimeout?:
            return .timedOut(url: url, seconds: Int(limits.readTimeout.rounded(.up)))
        case .deadlineExceeded?:
            return .timedOut(url: url, seconds: Int(min(limits.totalTimeout, limits.connectTimeout + limits.readTimeout).rounded(.up)))
        case .remoteConnectionClosed?:
            return .connectionClosed(url: url)
        default:
            let reason = (error as? IOError).map { String(cString: strerror($0.errnoCode)) } ?? String(describing: error)
            return .connectFailed(url: url, reason: redactor.redact(String(reason.prefix(200))))
        }
    }

    /// The headers of `request` with its credentials filled in.
    private static func headers(of request: IntegrationRequest, credentials: IntegrationCredentials) throws(IntegrationHTTPError) -> HTTPHeaders {
        var headers: HTTPHeaders = ["user-agent": "Airlock", "accept": "application/json"]
        for header in request.headers {
            switch header.value {
            case .text(let value): headers.add(name: header.name, value: value)
            case .credential(let name): headers.add(name: header.name, value: try credentials.value(name))
            case .bearer(let name): headers.add(name: header.name, value: "Bearer " + (try credentials.value(name)))
            }
        }
        return headers
    }

    /// The JSON body of `request` with its credential fields filled in, if it has a body.
    private static func body(of request: IntegrationRequest, credentials: IntegrationCredentials) throws -> [UInt8]? {
        guard var body = request.body else { return nil }
        if case .object(var members) = body {
            for (field, name) in request.bodyCredentials { members[field] = .string(try credentials.value(name)) }
            body = .object(members)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return Array(try encoder.encode(body))
        } catch {
            throw IntegrationHTTPError.invalidRequest("the request body cannot be written as JSON")
        }
    }
}
