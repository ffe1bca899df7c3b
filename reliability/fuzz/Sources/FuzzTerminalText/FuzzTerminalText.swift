import AirlockCore

/// Fuzzes `TerminalText.sanitized(_:singleLine:)` and `TerminalText.quoted(_:limit:)`.
///
/// Invariants: no crash; the result holds no C0/C1 control, DEL or bidirectional
/// formatting character (so no escape sequence can start) — except newline and tab in
/// multi-line mode; single-line results hold no newline or tab at all; sanitizing is
/// idempotent; text that needed no replacement comes back unchanged.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzTerminalText(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    for singleLine in [false, true] {
        let output = TerminalText.sanitized(input, singleLine: singleLine)
        for scalar in output.unicodeScalars {
            let allowed = !singleLine && (scalar == "\n" || scalar == "\t")
            check(allowed || !TerminalText.needsReplacement(scalar), "control character U+\(String(scalar.value, radix: 16)) survived", input)
            check(!isForbidden(scalar) || allowed, "forbidden scalar U+\(String(scalar.value, radix: 16)) survived", input)
        }
        check(TerminalText.sanitized(output, singleLine: singleLine) == output, "sanitizing is not idempotent", input)
        if !input.unicodeScalars.contains(where: { TerminalText.needsReplacement($0) }) {
            check(output == input, "clean text was changed", input)
        }
    }
    let quoted = TerminalText.quoted(input, limit: 40)
    check(!quoted.unicodeScalars.contains(where: isForbidden), "quoted text holds a control character", input)
    return 0
}

/// Independent of the code under test: C0, DEL, C1, ALM, LRM/RLM, LRE…RLO, LRI…PDI.
func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x00...0x1F, 0x7F...0x9F, 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: return true
    default: return false
    }
}

func check(_ condition: Bool, _ message: String, _ input: String) {
    if !condition { fatalError("\(message): \(input.debugDescription)") }
}
