import Foundation

/// An integration's base URL, checked: the only scheme, host and port its credentials are
/// ever sent to, and the path every request stays under.
///
/// Only `https` is accepted, or `http` to this machine (`localhost`, `127.x.x.x`, `[::1]`);
/// no credentials, query or fragment in the URL.
struct IntegrationBase: Sendable, Equatable {
    /// `http` or `https`.
    let scheme: String
    /// The host in lowercase (an IPv6 address in brackets).
    let host: String
    /// The port, explicit or the scheme's default.
    let port: Int
    /// The encoded base path with a leading slash and no trailing one (empty at the root).
    let path: String

    /// Parses and checks `text`.
    ///
    /// - Throws: ``IntegrationHTTPError/invalidBaseURL(url:reason:)``.
    init(_ text: String) throws(IntegrationHTTPError) {
        func refuse(_ reason: String) -> IntegrationHTTPError { .invalidBaseURL(url: text, reason: reason) }
        guard let separator = text.range(of: "://") else { throw refuse("it is not an http(s) URL") }
        scheme = text[..<separator.lowerBound].lowercased()
        guard scheme == "http" || scheme == "https" else { throw refuse("it is not an http(s) URL") }
        let rest = text[separator.upperBound...]
        guard !rest.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value >= 0x7F || "?#\\".unicodeScalars.contains($0) }) else {
            throw refuse("it may not contain spaces, control characters, a query, a fragment or backslashes")
        }
        let authorityEnd = rest.firstIndex(of: "/") ?? rest.endIndex
        let authority = rest[..<authorityEnd].lowercased()
        guard !authority.contains("@") else { throw refuse("it may not contain credentials") }
        guard let (host, port) = Self.hostAndPort(authority, defaultPort: scheme == "https" ? 443 : 80) else {
            throw refuse("its host or port is not valid")
        }
        guard scheme == "https" || Self.isLoopback(host) else { throw refuse("credentials are only sent over https (or http to this machine)") }
        var path = String(rest[authorityEnd...])
        while path.hasSuffix("/") { path.removeLast() }
        do {
            path = path.isEmpty ? "" : "/" + (try IntegrationPath(validating: path)).encoded
        } catch {
            throw refuse("its path is not valid")
        }
        self.host = host
        self.port = port
        self.path = path
    }

    /// The scheme, host and port as the start of a URL (`https://api.example.com:8443`).
    var origin: String {
        scheme + "://" + host + (port == (scheme == "https" ? 443 : 80) ? "" : ":\(port)")
    }

    /// The URL of `path` under this base with `query` appended.
    func url(_ path: IntegrationPath, query: [QueryItem] = []) -> String {
        var url = origin + self.path
        if !path.encoded.isEmpty { url += "/" + path.encoded }
        if !query.isEmpty { url += "?" + query.map(\.encoded).joined(separator: "&") }
        return url
    }

    /// Whether `url` goes to this base's scheme, host and port, below its path — as the
    /// HTTP client will parse it.
    func contains(_ url: String) -> Bool {
        let root = origin + path
        guard url == root || url.hasPrefix(root + "/") || url.hasPrefix(root + "?") else { return false }
        guard let parsed = URL(string: url), parsed.user == nil, parsed.password == nil,
              parsed.scheme?.lowercased() == scheme,
              let parsedHost = parsed.host?.lowercased() else { return false }
        let bare = { (host: String) in host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")) }
        return bare(parsedHost) == bare(host) && (parsed.port ?? (scheme == "https" ? 443 : 80)) == port
    }

    /// The host and port of `authority`, or `nil` if either is malformed.
    private static func hostAndPort(_ authority: String, defaultPort: Int) -> (String, Int)? {
        var host = authority
        var portText: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            host = String(authority[...close])
            let after = authority[authority.index(after: close)...]
            guard after.isEmpty || after.hasPrefix(":") else { return nil }
            if !after.isEmpty { portText = after.dropFirst() }
            guard host.dropFirst().dropLast().allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }), host.count > 2 else { return nil }
        } else {
            if let colon = authority.lastIndex(of: ":") {
                host = String(authority[..<colon])
                portText = authority[authority.index(after: colon)...]
            }
            guard !host.isEmpty, host.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == ".") }) else { return nil }
        }
        guard let portText else { return (host, defaultPort) }
        guard !portText.isEmpty, portText.count <= 5, portText.allSatisfy({ ("0"..."9").contains($0) }), let port = Int(portText), (1...65535).contains(port) else { return nil }
        return (host, port)
    }

    /// Whether `host` is this machine.
    private static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "[::1]" || (host.hasPrefix("127.") && host.allSatisfy { ("0"..."9").contains($0) || $0 == "." })
    }
}

/// One `name=value` pair of a query string.
struct QueryItem: Sendable, Equatable {
    let name: String
    let value: String

    /// The pair percent-encoded (everything but unreserved characters).
    var encoded: String { PercentEncoding.encode(name) + "=" + PercentEncoding.encode(value) }
}
