import Foundation

/// The exponentially weighted rate of one kind of event in one workspace, and the count
/// of the current window against it.
///
/// Time is cut into windows of the threshold's length. The count of the last `window` is
/// estimated from the current window and the share of the previous one still inside it
/// (a sliding-window counter, so a burst split across a window boundary still counts
/// whole). The baseline is an exponentially weighted mean of the counts of finished
/// windows, quiet ones included, divided by the weight seen so far so that a young
/// workspace's baseline is not biased towards zero. It never includes the window being
/// judged, so a burst cannot raise its own threshold.
struct BurstSignal: Codable, Sendable, Equatable {
    /// The start of the current window (milliseconds since 1970), once an event was seen.
    private(set) var windowStart: Int64?
    private(set) var current = 0
    private(set) var previous = 0
    /// The weighted mean of finished windows' counts, not yet divided by `weight`.
    private(set) var weightedCounts = 0.0
    /// The sum of the weights given to finished windows: 1 − (1 − α)ⁿ after n windows.
    private(set) var weight = 0.0
    /// When this signal last raised an alert.
    private(set) var lastAlert: Int64?

    /// The workspace's usual count per window.
    var baseline: Double { weight > 0 ? weightedCounts / weight : 0 }

    /// Counts an event at `time` and returns the estimated count of the last window if it
    /// crosses `threshold` outside the cooldown, with the threshold and the baseline used.
    mutating func count(at time: Int64, threshold: BurstThreshold, halfLifeSeconds: Int, cooldownSeconds: Int) -> (observed: Int, threshold: Int, baseline: Double)? {
        let window = Int64(max(1, threshold.windowSeconds)) * 1000
        advance(to: time - time % window, window: window, halfLifeSeconds: halfLifeSeconds)
        current += 1
        let elapsed = Double(max(0, time - (windowStart ?? time))) / Double(window)
        let observed = current + Int((Double(previous) * max(0, 1 - elapsed)).rounded(.down))
        let usual = baseline
        let limit = max(Double(max(1, threshold.count)), threshold.multiplier * usual)
        guard Double(observed) >= limit else { return nil }
        if let lastAlert, time - lastAlert < Int64(cooldownSeconds) * 1000 { return nil }
        lastAlert = time
        return (observed, Int(limit.rounded(.up)), usual)
    }

    /// Moves to the window starting at `start`, folding the finished windows into the baseline.
    private mutating func advance(to start: Int64, window: Int64, halfLifeSeconds: Int) {
        guard let windowStart else {
            windowStart = start
            return
        }
        // An event stamped before the current window (a clock set back) counts in it.
        guard start > windowStart else { return }
        let alpha = 1 - pow(2, -Double(window) / (Double(max(1, halfLifeSeconds)) * 1000))
        let finished = (start - windowStart) / window
        weightedCounts = alpha * Double(current) + (1 - alpha) * weightedCounts
        weight = alpha + (1 - alpha) * weight
        // The windows between were quiet: each keeps (1 − α) of the weight and adds nothing.
        let decay = pow(1 - alpha, Double(finished - 1))
        weightedCounts *= decay
        weight = 1 - (1 - weight) * decay
        previous = finished == 1 ? current : 0
        current = 0
        self.windowStart = start
    }
}
