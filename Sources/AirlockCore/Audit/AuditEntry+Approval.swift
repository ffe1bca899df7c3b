import Foundation

extension AuditEntry {
    /// The record of the approval gate's verdict on a call of `tool`: `approval.allowed` or
    /// `approval.denied` on `tool/<name>`, the name percent-encoded and cut to 64 characters.
    package static func approval(tool: String, verdict: ApprovalVerdict) -> AuditEntry {
        let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._")
        var name = String((tool.addingPercentEncoding(withAllowedCharacters: allowed) ?? "").prefix(64))
        // Never end in the middle of a %XX escape.
        if let percent = name.suffix(2).lastIndex(of: "%") { name = String(name[..<percent]) }
        return AuditEntry(verdict == .allowed ? .approvalAllowed : .approvalDenied, "tool/" + name)
    }
}
