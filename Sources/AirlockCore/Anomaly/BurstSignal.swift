import Foundation

/// The exponentially weighted rate of one kind of event in one workspace, and the count
/// of the last window against it.
///
/// The burst count is kept in tenths of the window (``slices``): it is the number of events
/// in the current tenth and the ten before it, so every run of events that fits in one
/// window is counted whole, wherever the window boundaries fall, and events up to a tenth
/// of a window older may be counted with it.
///
/// The baseline is an exponentially weighted mean of the counts of aligned windows, quiet
/// ones included, divided by the weight seen so far so that a young workspace's baseline
/// is not biased towards zero. A window joins the baseline only once it is entirely older
/// than the span being counted (one window late), so a burst, even one split across a
/// window boundary, never raises its own threshold.
struct BurstSignal: Codable, Sendable, Equatable {
    /// Slices per window in the burst count.
    static let slices: Int64 = 10

    /// The start of the current aligned window (milliseconds since 1970), once an event was seen.
    private(set) var windowStart: Int64?
    /// Events in the current aligned window.
    private(set) var current = 0
    /// Events in the aligned window before it (0 if it was quiet); nil before it existed.
    private(set) var previous: Int?
    /// The weighted mean of finished windows' counts, not yet divided by `weight`.
    private(set) var weightedCounts = 0.0
    /// The sum of the weights given to finished windows: 1 − (1 − α)ⁿ after n windows.
    private(set) var weight = 0.0
    /// The start of the newest slice.
    private(set) var sliceStart: Int64?
    /// Events per slice, oldest first; the last is the newest slice (at most `slices` + 1).
    private(set) var sliceCounts: [Int] = []
    /// When this signal last raised an alert.
    private(set) var lastAlert: Int64?

    /// The workspace's usual count per window.
    var baseline: Double { weight > 0 ? weightedCounts / weight : 0 }

    /// Counts an event at `time` and returns the count of the last window if it crosses
    /// `threshold` outside the cooldown, with the threshold and the baseline used.
    mutating func count(at time: Int64, threshold: BurstThreshold, halfLifeSeconds: Int, cooldownSeconds: Int) -> (observed: Int, threshold: Int, baseline: Double)? {
        let window = Int64(max(1, threshold.windowSeconds)) * 1000
        advanceWindow(to: time - time % window, window: window, halfLifeSeconds: halfLifeSeconds)
        let slice = window / Self.slices
        advanceSlice(to: time - time % slice, slice: slice)
        current += 1
        sliceCounts[sliceCounts.count - 1] += 1
        let observed = sliceCounts.reduce(0, +)
        let usual = baseline
        let limit = max(Double(max(1, threshold.count)), threshold.multiplier * usual)
        guard Double(observed) >= limit else { return nil }
        if let lastAlert, time - lastAlert < Int64(cooldownSeconds) * 1000 { return nil }
        lastAlert = time
        return (observed, Int(limit.rounded(.up)), usual)
    }

    /// Moves to the aligned window starting at `start`; the windows that are now entirely
    /// older than the previous one join the baseline.
    private mutating func advanceWindow(to start: Int64, window: Int64, halfLifeSeconds: Int) {
        guard let windowStart else {
            windowStart = start
            return
        }
        // An event stamped before the current window (a clock set back) counts in it.
        guard start > windowStart else { return }
        let alpha = 1 - pow(2, -Double(window) / (Double(max(1, halfLifeSeconds)) * 1000))
        let finished = (start - windowStart) / window
        if let previous { fold(Double(previous), alpha: alpha) }
        if finished == 1 {
            previous = current
        } else {
            fold(Double(current), alpha: alpha)
            // The windows between were quiet: each keeps (1 − α) of the weight and adds nothing.
            let decay = pow(1 - alpha, Double(finished - 2))
            weightedCounts *= decay
            weight = 1 - (1 - weight) * decay
            previous = 0
        }
        current = 0
        self.windowStart = start
    }

    /// Adds a finished window's `count` to the baseline.
    private mutating func fold(_ count: Double, alpha: Double) {
        weightedCounts = alpha * count + (1 - alpha) * weightedCounts
        weight = alpha + (1 - alpha) * weight
    }

    /// Moves to the slice starting at `start`, dropping slices older than a window before it.
    private mutating func advanceSlice(to start: Int64, slice: Int64) {
        let kept = Int(Self.slices) + 1
        guard let sliceStart, start > sliceStart else {
            // The first event, or one stamped before the newest slice, counts in that slice.
            if sliceCounts.isEmpty { sliceCounts = [0] }
            if self.sliceStart == nil { self.sliceStart = start }
            return
        }
        let passed = Int(min(Int64(kept), (start - sliceStart) / slice))
        sliceCounts += Array(repeating: 0, count: passed)
        sliceCounts.removeFirst(max(0, sliceCounts.count - kept))
        self.sliceStart = start
    }
}
