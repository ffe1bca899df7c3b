import AirlockCore

/// Fuzzes `WorkspaceID(_:)` and `WorkspaceID.derived(fromName:)`.
///
/// Invariants: no crash; every accepted id matches `[a-z0-9][a-z0-9-]{1,62}` and is a
/// single, harmless path component (no `/`, not `.` or `..`, no NUL); a derived id is
/// always valid; an accepted id round-trips through its raw value.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzWorkspaceID(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    if let id = try? WorkspaceID(input) {
        check(matchesPattern(id.rawValue), "accepted id outside the pattern", input)
        check(id.rawValue == input, "accepted id differs from its input", input)
        check(!id.rawValue.contains("/") && id.rawValue != "." && id.rawValue != "..", "id is not one path component", input)
        check((try? WorkspaceID(id.rawValue)) == id, "accepted id does not round-trip", input)
    } else {
        check(!matchesPattern(input), "id matching the pattern was refused", input)
    }
    let derived = WorkspaceID.derived(fromName: input)
    check(matchesPattern(derived.rawValue), "derived id outside the pattern", input)
    return 0
}

/// `[a-z0-9][a-z0-9-]{1,62}`, written out byte by byte (no regex engine in the loop).
func matchesPattern(_ text: String) -> Bool {
    let bytes = Array(text.utf8)
    guard (2...63).contains(bytes.count) else { return false }
    func lowerOrDigit(_ byte: UInt8) -> Bool { (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte) }
    return lowerOrDigit(bytes[0]) && bytes.dropFirst().allSatisfy { lowerOrDigit($0) || $0 == 0x2D }
}

func check(_ condition: Bool, _ message: String, _ input: String) {
    if !condition { fatalError("\(message): \(input.debugDescription)") }
}
