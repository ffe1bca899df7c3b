import Foundation

extension AuditEntry {
    /// The record of a tool sending `integration`'s credentials to `endpoint`:
    /// `integration/<id>?tool=<tool>&endpoint=<host and path>&status=<status>`.
    ///
    /// Only the host and path of the endpoint are kept — its scheme, user information,
    /// query and fragment (where API keys and tokens travel) are dropped — and both values
    /// are percent-encoded and cut short, so the resource is one plain line.
    package static func credentialUse(integration: IntegrationID, tool: String, endpoint: String, status: Int) -> AuditEntry {
        let tool = encoded(tool, limit: 64)
        let endpoint = encoded(hostAndPath(of: endpoint), limit: 256)
        return AuditEntry(.credentialUse, "integration/\(integration)?tool=\(tool)&endpoint=\(endpoint)&status=\(status)")
    }

    /// `https://user:key@api.example.com/v1/items?key=…#x` → `api.example.com/v1/items`.
    static func hostAndPath(of endpoint: String) -> String {
        var rest = Substring(endpoint)
        if let end = rest.firstIndex(where: { $0 == "?" || $0 == "#" }) { rest = rest[..<end] }
        if let scheme = rest.range(of: "://") { rest = rest[scheme.upperBound...] }
        let pathStart = rest.firstIndex(of: "/") ?? rest.endIndex
        var authority = rest[..<pathStart]
        if let userInfoEnd = authority.lastIndex(of: "@") { authority = authority[authority.index(after: userInfoEnd)...] }
        return authority.lowercased() + rest[pathStart...]
    }

    private static let plain = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~/:")

    private static func encoded(_ text: String, limit: Int) -> String {
        let escaped = text.addingPercentEncoding(withAllowedCharacters: plain) ?? ""
        guard escaped.count > limit else { return escaped }
        var cut = escaped.prefix(limit)
        // Never end in the middle of a %XX escape.
        if let percent = cut.suffix(2).lastIndex(of: "%") { cut = cut[..<percent] }
        return String(cut)
    }
}
