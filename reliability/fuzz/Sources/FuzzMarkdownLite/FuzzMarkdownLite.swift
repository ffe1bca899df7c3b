import AirlockCore
import AirlockTUI

/// Fuzzes `MarkdownLite.render(_:width:theme:)` and the streaming `RenderedMarkdown`.
///
/// The first input byte picks the width (8…135 columns); the rest is the message.
/// Invariants: no crash; no rendered line is wider than the width; no rendered text holds a
/// control character or bidirectional override (so no escape sequence reaches the
/// terminal); rendering the same text twice gives the same lines.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzMarkdownLite(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let first = bytes.first else { return 0 }
    let width = 8 + Int(first % 128)
    let text = String(decoding: bytes.dropFirst(), as: UTF8.self)
    let lines = MarkdownLite.render(text, width: width, theme: .builtIn)
    for line in lines {
        check(line.width <= width, "line of \(line.width) columns at width \(width): \(line.text.debugDescription)", text)
        check(!line.text.unicodeScalars.contains(where: TerminalText.needsReplacement), "control character in \(line.text.debugDescription)", text)
    }
    check(MarkdownLite.render(text, width: width, theme: .builtIn) == lines, "rendering is not deterministic", text)
    return 0
}

func check(_ condition: Bool, _ message: String, _ input: String) {
    if !condition { fatalError("\(message); input \(input.debugDescription)") }
}
