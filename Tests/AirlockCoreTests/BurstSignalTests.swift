import Foundation
import Testing

@testable import AirlockCore

/// The sliding count, the baseline and the cooldown of one burst signal.
@Suite struct BurstSignalTests {
    /// 10 events in 60 s and 4 × baseline; a day's half-life; 15 minutes' cooldown.
    let threshold = BurstThreshold(count: 10, windowSeconds: 60, multiplier: 4)
    let halfLife = 86_400
    let cooldown = 900
    /// 2026-01-01T00:00:00Z, on a window boundary.
    let start: Int64 = 1_767_225_600_000

    /// Counts an event `seconds` after ``start``.
    private func count(_ signal: inout BurstSignal, at seconds: Double) -> (observed: Int, threshold: Int, baseline: Double)? {
        signal.count(at: start + Int64(seconds * 1000), threshold: threshold, halfLifeSeconds: halfLife, cooldownSeconds: cooldown)
    }

    /// Counts events at each of `times` and returns the times at which the signal fired.
    private func firing(_ signal: inout BurstSignal, at times: [Double]) -> [Double] {
        times.filter { count(&signal, at: $0) != nil }
    }

    @Test func firesWhenTheCountOfAWindowReachesTheFloor() {
        var signal = BurstSignal()
        let times = (0..<10).map { 10 + Double($0) }
        #expect(firing(&signal, at: Array(times.prefix(9))).isEmpty, "nine events stay below the floor of ten")
        let fired = count(&signal, at: 19.5)
        #expect(fired?.observed == 10)
        #expect(fired?.threshold == 10)
        #expect(fired?.baseline == 0)
    }

    @Test func eventsSpreadOverMoreThanAWindowDoNotAddUp() {
        var signal = BurstSignal()
        // One event every 8 s: eight within any 60 s, nine with the tenth of a window more.
        #expect(firing(&signal, at: (0..<30).map { Double($0) * 8 }).isEmpty)
    }

    @Test(arguments: [43.0, 50.0, 55.0, 59.0])
    func aBurstAcrossAWindowBoundaryCountsWhole(firstStart: Double) {
        // Ten events within 18 s that straddle the boundary at 60 s, in a workspace seen
        // for the first time in the window before.
        var signal = BurstSignal()
        let times = (0..<10).map { firstStart + Double($0) * 2 }
        #expect(times.first! < 60 && times.last! >= 60)
        let fired = firing(&signal, at: times)
        #expect(fired == [times.last!], "the tenth event fires although the window before holds half the burst")
    }

    @Test func aBurstAcrossABoundaryIsNotHiddenByItsOwnFirstHalf() {
        // A young workspace: the first half of the burst is the only finished window, so
        // it must not count as the workspace's usual rate.
        var signal = BurstSignal()
        _ = firing(&signal, at: (0..<6).map { 55 + Double($0) * 0.5 })
        let fired = count(&signal, at: 61)
        #expect(fired == nil)
        let tenth = firing(&signal, at: [62, 63, 64])
        #expect(tenth == [64])
    }

    @Test func theCooldownKeepsARuleQuietThenLetsItFireAgain() {
        var signal = BurstSignal()
        let burst = { (offset: Double) in (0..<12).map { offset + Double($0) } }
        #expect(firing(&signal, at: burst(0)) == [9], "fires once per burst, not on every event after the floor")
        #expect(firing(&signal, at: burst(600)).isEmpty, "a second burst 10 minutes later is within the 15 minutes' cooldown")
        #expect(firing(&signal, at: burst(1_000)).count == 1, "after the cooldown a burst fires again")
    }

    @Test func theBaselineIsTheWeightedMeanOfFinishedWindowsQuietOnesIncluded() {
        var signal = BurstSignal()
        // Six events in each of the first ten minutes, then eleven quiet minutes.
        for minute in 0..<10 {
            _ = firing(&signal, at: (0..<6).map { Double(minute * 60) + Double($0) })
        }
        _ = count(&signal, at: 21 * 60)
        // Windows 0…19 have joined (window 20, just before the current one, waits): ten of
        // six and ten quiet ones, almost equally weighted over a day's half-life.
        #expect(abs(signal.baseline - 3) < 0.02, "\(signal.baseline)")
    }

    @Test func aQuietDayHalvesTheBaselineOfALongHistory() {
        var signal = BurstSignal()
        // Ten days of two events a minute: the history's weight is all but 1.
        let minutes = 10 * 24 * 60
        for minute in 0..<minutes {
            _ = firing(&signal, at: [Double(minute * 60), Double(minute * 60 + 30)])
        }
        #expect(abs(signal.baseline - 2) < 0.001, "\(signal.baseline)")
        // A quiet day later those windows weigh half, the quiet ones the other half.
        _ = count(&signal, at: Double(minutes * 60 + 86_400))
        #expect(abs(signal.baseline - 1) < 0.01, "\(signal.baseline)")
    }

    @Test func aBusyWorkspaceNeedsMoreThanItsUsualRateToFire() {
        var signal = BurstSignal()
        // A week of 20 events a minute, every minute.
        var fired: [Double] = []
        for minute in 0..<(7 * 24 * 60) {
            fired += firing(&signal, at: (0..<20).map { Double(minute * 60) + Double($0) * 3 })
        }
        #expect(fired.count == 1 && fired[0] < 60, "only the first minute, before there was a baseline: \(fired.prefix(5))")
        #expect(abs(signal.baseline - 20) < 0.01)
        // 60 a minute is three times the usual rate, below the multiplier of four.
        let base = Double(7 * 24 * 60 * 60)
        #expect(firing(&signal, at: (0..<60).map { base + Double($0) }).isEmpty)
        // 90 a minute is over four times: it fires.
        #expect(firing(&signal, at: (0..<90).map { base + 120 + Double($0) * 0.6 }).count == 1)
    }

    @Test func anEventStampedBeforeTheCurrentWindowCountsInIt() {
        var signal = BurstSignal()
        _ = firing(&signal, at: (0..<8).map { 120 + Double($0) })
        // The clock was set back by a minute: the events still count together.
        #expect(firing(&signal, at: [60, 61]) == [61])
    }

    @Test func theStateSurvivesEncoding() throws {
        var signal = BurstSignal()
        _ = firing(&signal, at: [1, 2, 3, 70, 71])
        let decoded = try JSONDecoder().decode(BurstSignal.self, from: try JSONEncoder().encode(signal))
        #expect(decoded == signal)
    }
}
