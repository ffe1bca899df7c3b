import AirlockTUI
import CNCursesW

extension TerminalScreen {
    /// Reads and decodes everything the terminal has sent.
    ///
    /// Waits up to `milliseconds` for the first report, then takes whatever else is there
    /// without waiting — except after an ESC, where it waits up to the escape delay (25 ms)
    /// for the rest of a sequence. A paste that has not ended yet is kept for the next
    /// call, so it comes out as one `.paste` however many reads it spans.
    public func readInput(waitingUpTo milliseconds: Int = 0) -> [TerminalInput] {
        guard !isEnded else { return [] }
        var inputs: [TerminalInput] = []
        var wait = Int32(clamping: milliseconds)
        while true {
            wtimeout(window, decoder.isAwaitingMore ? Self.escapeDelay : wait)
            wait = 0
            var value: wint_t = 0
            let status = wget_wch(window, &value)
            if status == OK {
                inputs += decoder.feed(.character(value))
            } else if status == KEY_CODE_YES {
                inputs += decoder.feed(cursesKey(Int32(bitPattern: value)))
            } else if decoder.isAwaitingMore {
                inputs += decoder.timeOut()
            } else {
                return inputs
            }
        }
    }

    private func cursesKey(_ code: Int32) -> CursesInput {
        if code == KEY_RESIZE {
            noteSizeChange()
            return .resized(width: width, height: height)
        }
        if code > KEY_MAX, let name = keyname(code) {
            return .namedKey(String(cString: name))
        }
        return .keyCode(code)
    }
}
