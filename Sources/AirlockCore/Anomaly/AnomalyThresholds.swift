/// When a burst rule fires: at least `count` events within `windowSeconds`, and at least
/// `multiplier` times the workspace's usual count per window.
public struct BurstThreshold: Sendable, Equatable {
    /// The absolute floor: fewer events in a window never fire, whatever the baseline.
    public var count: Int
    /// The window events are counted in.
    public var windowSeconds: Int
    /// How far above the workspace's baseline (its usual count per window) a count must be.
    public var multiplier: Double

    /// Creates a threshold.
    public init(count: Int, windowSeconds: Int, multiplier: Double) {
        self.count = count
        self.windowSeconds = windowSeconds
        self.multiplier = multiplier
    }
}

/// The thresholds of every anomaly rule.
///
/// | Rule | Default |
/// | --- | --- |
/// | reads (memory read/list/search/retrieve, session read and export, message search, workspace export) | 50 in 60 s and 4 × baseline |
/// | credential uses | 20 in 60 s and 4 × baseline |
/// | denied approvals | 5 in 600 s and 3 × baseline |
/// | failed sign-in or token attempts since the last opening | 5 |
/// | the same rule again in a workspace | not within 900 s |
/// | baseline half-life | 86 400 s (a day) |
public struct AnomalyThresholds: Sendable, Equatable {
    /// Bursts of reads.
    public var reads = BurstThreshold(count: 50, windowSeconds: 60, multiplier: 4)
    /// Bursts of credential use.
    public var credentialUses = BurstThreshold(count: 20, windowSeconds: 60, multiplier: 4)
    /// Many denied approvals.
    public var deniedApprovals = BurstThreshold(count: 5, windowSeconds: 600, multiplier: 3)
    /// Failed sign-in or token attempts since the workspace was last opened.
    public var failedSignIns = 5
    /// How long a rule stays quiet in a workspace after it fired.
    public var cooldownSeconds = 900
    /// How fast the baseline forgets: the weight of a window halves after this long.
    public var baselineHalfLifeSeconds = 86_400

    /// The defaults above.
    public init() {}

    /// The threshold of a burst rule (nil for ``AnomalyRule/failedSignIns``).
    public func burst(_ rule: AnomalyRule) -> BurstThreshold? {
        switch rule {
        case .readBurst: reads
        case .credentialUseBurst: credentialUses
        case .deniedApprovals: deniedApprovals
        case .failedSignIns: nil
        }
    }
}
