/// Scrolling arithmetic over transcript items (the messages, then the streaming reply)
/// whose line counts come from the layout — only the items passed over are measured.
struct TranscriptScroller {
    /// Items in the transcript.
    let count: Int
    /// Rows of the pane.
    let height: Int
    /// Lines of item `index`.
    let lines: (Int) -> Int

    init(workspace: WorkspaceState, width: Int, height: Int, lines: @escaping (Int) -> Int) {
        count = workspace.transcript.messages.count + (workspace.transcript.streaming == nil ? 0 : 1)
        self.height = height
        self.lines = lines
    }

    /// The item and line shown in the top row for `position`.
    func top(of position: ScrollPosition) -> (item: Int, line: Int) {
        switch position {
        case .anchored(let item, let line):
            return (min(item, max(0, count - 1)), line)
        case .following:
            return walkUp(from: (count, 0), by: height)
        }
    }

    /// `position` moved by `delta` lines (negative: towards older text). Reaching the end
    /// returns ``ScrollPosition/following``.
    mutating func moved(from position: ScrollPosition, by delta: Int) -> ScrollPosition {
        guard count > 0 else { return .following }
        let start = top(of: position)
        if delta < 0 {
            let target = walkUp(from: start, by: -delta)
            return .anchored(item: target.item, line: target.line)
        }
        var (item, line) = start
        line += delta
        while item < count - 1, line >= lines(item) {
            line -= lines(item)
            item += 1
        }
        line = min(line, max(0, lines(item) - 1))
        return linesBelow(item: item, line: line) <= height ? .following : .anchored(item: item, line: line)
    }

    private func walkUp(from start: (item: Int, line: Int), by amount: Int) -> (item: Int, line: Int) {
        var (item, line) = start
        line -= amount
        while line < 0, item > 0 {
            item -= 1
            line += lines(item)
        }
        return line < 0 ? (0, 0) : (item, line)
    }

    private func linesBelow(item: Int, line: Int) -> Int {
        var total = lines(item) - line
        var next = item + 1
        while next < count, total <= height {
            total += lines(next)
            next += 1
        }
        return total
    }
}
