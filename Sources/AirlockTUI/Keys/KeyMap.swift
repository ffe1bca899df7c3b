/// What a key can do, by name (the names used in the configuration's `keys` section).
public enum Action: String, Sendable, CaseIterable {
    case send, newline, cancel, quit, help
    case focusNext = "focus-next"
    case newSession = "new-session", renameSession = "rename-session", deleteSession = "delete-session"
    case exportSession = "export-session", searchSessions = "search-sessions"
    case chatView = "chat-view", memoryView = "memory-view", auditView = "audit-view", inspectContext = "inspect-context"
    case integrationsView = "integrations-view"
    case previousWorkspace = "previous-workspace", nextWorkspace = "next-workspace"
    case scrollUp = "scroll-up", scrollDown = "scroll-down", scrollToBottom = "scroll-to-bottom"
    case toggleTools = "toggle-tools"
    case allowOnce = "allow-once", allowForSession = "allow-for-session", deny
    case newMemory = "new-memory", editMemory = "edit-memory", deleteMemory = "delete-memory", togglePin = "toggle-pin"
    case nextKind = "next-kind"
    case acknowledgeAlert = "acknowledge-alert"

    /// What the action does, for the help overlay.
    public var summary: String {
        switch self {
        case .send: "send the message"
        case .newline: "new line in the message"
        case .cancel: "stop the reply (or clear the input)"
        case .quit: "quit"
        case .help: "show or hide this help"
        case .focusNext: "move between input, sidebar and transcript"
        case .newSession: "new session"
        case .renameSession: "rename the session"
        case .deleteSession: "delete the session"
        case .exportSession: "export the session as Markdown"
        case .searchSessions: "search this workspace's sessions"
        case .chatView: "chat"
        case .memoryView: "memory browser"
        case .auditView: "audit log"
        case .inspectContext: "what the next request would send"
        case .integrationsView: "integrations (add: ctrl+o · connect: enter · disconnect: ctrl+d · remove: ctrl+delete)"
        case .previousWorkspace: "previous workspace (through the airlock)"
        case .nextWorkspace: "next workspace (through the airlock)"
        case .scrollUp: "scroll the transcript up"
        case .scrollDown: "scroll the transcript down"
        case .scrollToBottom: "back to the newest message"
        case .toggleTools: "show or hide tool calls in full"
        case .allowOnce: "approval: allow once"
        case .allowForSession: "approval: allow this tool for the session"
        case .deny: "approval: deny"
        case .newMemory: "memory: new document in $EDITOR"
        case .editMemory: "memory: edit in $EDITOR"
        case .deleteMemory: "memory: delete"
        case .togglePin: "memory: pin or unpin"
        case .nextKind: "memory: next kind filter"
        case .acknowledgeAlert: "audit: acknowledge the selected alert"
        }
    }
}

/// Which key does what. Approval keys apply only while an approval dialog is open, memory
/// keys only in the memory browser, the alert key only in the audit view; Alt+1…9 always
/// jump to a workspace.
public struct KeyMap: Sendable, Equatable {
    private(set) var bindings: [KeyPress: Action]

    /// The default bindings.
    public static let standard = KeyMap(bindings: [
        KeyPress(.enter): .send,
        KeyPress.alt(.enter): .newline,
        KeyPress.control("j"): .newline,
        KeyPress.control("c"): .cancel,
        KeyPress.control("q"): .quit,
        KeyPress(.function(1)): .help,
        KeyPress(.tab): .focusNext,
        KeyPress.control("n"): .newSession,
        KeyPress.control("r"): .renameSession,
        KeyPress.control("d"): .deleteSession,
        KeyPress.control("e"): .exportSession,
        KeyPress.control("f"): .searchSessions,
        KeyPress(.function(2)): .chatView,
        KeyPress(.function(3)): .memoryView,
        KeyPress(.function(4)): .auditView,
        KeyPress(.function(5)): .inspectContext,
        KeyPress(.function(6)): .integrationsView,
        KeyPress.alt(.up): .previousWorkspace,
        KeyPress.alt(.down): .nextWorkspace,
        KeyPress(.pageUp): .scrollUp,
        KeyPress(.pageDown): .scrollDown,
        KeyPress(.end, .control): .scrollToBottom,
        KeyPress.alt(.character("t")): .toggleTools,
        KeyPress(.character("a")): .allowOnce,
        KeyPress(.character("s")): .allowForSession,
        KeyPress(.character("d")): .deny,
        KeyPress.control("o"): .newMemory,
        KeyPress.control("y"): .editMemory,
        KeyPress(.delete, .control): .deleteMemory,
        KeyPress.control("p"): .togglePin,
        KeyPress.control("k"): .nextKind,
        KeyPress.control("a"): .acknowledgeAlert,
    ])

    /// The action bound to `key`, if any.
    public func action(for key: KeyPress) -> Action? {
        bindings[key]
    }

    /// The keys bound to `action`, as shown in help (`ctrl+q`).
    public func keys(for action: Action) -> [String] {
        bindings.filter { $0.value == action }.map(\.key.description).sorted()
    }

    /// The standard map with `overrides` (action name → key, like `"quit": "ctrl+x"`)
    /// applied; a key given to an action is taken from any other action.
    ///
    /// - Throws: ``KeyMapError`` naming the unknown action or unreadable key.
    public static func standard(overriddenBy overrides: [String: String]) throws(KeyMapError) -> KeyMap {
        var map = standard
        for (name, keyText) in overrides.sorted(by: { $0.key < $1.key }) {
            guard let action = Action(rawValue: name) else { throw .unknownAction(name) }
            guard let key = KeyPress(parsing: keyText) else { throw .unreadableKey(action: name, key: keyText) }
            map.bindings = map.bindings.filter { $0.value != action && $0.key != key }
            map.bindings[key] = action
        }
        return map
    }
}

/// Why key bindings from the configuration were refused.
public enum KeyMapError: Error, Equatable, Sendable, CustomStringConvertible {
    case unknownAction(String)
    case unreadableKey(action: String, key: String)

    public var description: String {
        switch self {
        case .unknownAction(let name):
            return "keys: unknown action \"\(name)\"; actions are \(Action.allCases.map(\.rawValue).joined(separator: ", "))"
        case .unreadableKey(let action, let key):
            return "keys: \(action): cannot read the key \"\(key)\" (write it like ctrl+q, alt+enter, f5, pgup, a)"
        }
    }
}

extension KeyPress {
    /// Parses `ctrl+q`, `alt+enter`, `f5`, `pgdn`, `shift+tab`, `a`.
    public init?(parsing text: String) {
        var modifiers: KeyModifiers = []
        var parts = text.lowercased().split(separator: "+").map(String.init)
        guard let last = parts.popLast(), !last.isEmpty else { return nil }
        for part in parts {
            switch part {
            case "ctrl", "control": modifiers.insert(.control)
            case "alt", "meta": modifiers.insert(.alt)
            case "shift":
                if last == "tab" { self.init(.backTab, modifiers); return }
                modifiers.insert(.shift)
            default: return nil
            }
        }
        let named: [String: Key] = [
            "enter": .enter, "return": .enter, "tab": .tab, "backspace": .backspace, "delete": .delete, "del": .delete,
            "escape": .escape, "esc": .escape, "insert": .insert, "up": .up, "down": .down, "left": .left, "right": .right,
            "home": .home, "end": .end, "pgup": .pageUp, "pageup": .pageUp, "pgdn": .pageDown, "pagedown": .pageDown,
            "space": .character(" "),
        ]
        if let key = named[last] {
            self.init(key, modifiers)
        } else if last.hasPrefix("f"), let number = Int(last.dropFirst()), (1...12).contains(number) {
            self.init(.function(number), modifiers)
        } else if last.count == 1, let character = last.first {
            self.init(.character(character), modifiers)
        } else {
            return nil
        }
    }
}
