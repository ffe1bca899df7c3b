import AirlockAgent
import AirlockCore
import ArgumentParser
import Foundation
import Glibc

/// How `airlock chat` answers tool approvals.
enum ApproveMode: String, ExpressibleByArgument, CaseIterable {
    /// Ask on the terminal (`/dev/tty`), whatever stdin is.
    case ask
    /// Allow read-only tools without asking; deny the rest.
    case readOnly = "read-only"
    /// Deny every tool call.
    case none
    /// Allow every tool call (for trusted scripts only).
    case all

    /// The policy the gate applies before asking.
    func policy(from configured: ApprovalPolicy) -> ApprovalPolicy {
        var policy = configured
        switch self {
        case .ask: break
        case .readOnly, .all: policy.autoAllowReadOnly = true
        case .none: policy.autoAllowReadOnly = false
        }
        return policy
    }

    /// The handler that answers what the gate asks.
    var handler: ApprovalHandler {
        switch self {
        case .ask: return { request in await TerminalApprover.ask(request) }
        case .readOnly, .none: return { _ in .deny }
        case .all: return { _ in .allowOnce }
        }
    }
}

/// Asks the analyst about a tool call on the controlling terminal.
enum TerminalApprover {
    /// Shows the call and reads the answer from `/dev/tty`; denies if there is no terminal.
    static func ask(_ request: ApprovalRequest) async -> ApprovalDecision {
        Output.note(prompt(for: request))
        guard let terminal = fopen("/dev/tty", "r") else {
            Output.note("No terminal to ask on: denied. Use --approve for scripts.\n")
            return .deny
        }
        defer { fclose(terminal) }
        var line: UnsafeMutablePointer<CChar>?
        var capacity = 0
        defer { free(line) }
        guard getline(&line, &capacity, terminal) > 0, let line else { return .deny }
        switch String(cString: line).trimmingCharacters(in: .whitespacesAndNewlines).lowercased() {
        case "o", "once", "y", "yes": return .allowOnce
        case "s", "session" where request.offersSessionAllowance: return .allowForSession
        default: return .deny
        }
    }

    /// The prompt: tool, effect, arguments, what leaves the machine, credential label.
    static func prompt(for request: ApprovalRequest) -> String {
        let tool = request.tool
        let choices = request.offersSessionAllowance ? "[o]nce / [s]ession / [d]eny" : "[o]nce / [d]eny"
        return """

            Tool call: \(tool.name) (\(tool.effect.rawValue))
              arguments:   \(TerminalText.sanitized(request.call.arguments, singleLine: true))\(request.preview.map { "\n  request:\n" + TerminalText.sanitized($0) } ?? "")
              leaves this machine: \(tool.dataLeavingMachine ?? "nothing")
              credential:  \(tool.credentialLabel ?? "none")
              asking because: \(request.reasons.map(\.rawValue).joined(separator: ", "))
            Allow? \(choices): 
            """
    }
}
