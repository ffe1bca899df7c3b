import AirlockCore
import Foundation
import Testing

/// The anomaly rules over synthetic audit streams: bursts fire, ordinary days stay quiet.
@Suite struct AnomalyDetectorTests {
    /// 2026-01-05T00:00:00Z, a Monday.
    static let monday = Date(timeIntervalSince1970: 1_767_571_200)

    /// One workspace's audit stream fed to a detector, with the findings so far.
    struct Stream {
        var detector: AnomalyDetector
        var sequence: Int64 = 0
        var findings: [AnomalyFinding] = []

        init(_ thresholds: AnomalyThresholds = AnomalyThresholds(), state: AnomalyDetector.State = AnomalyDetector.State()) {
            detector = AnomalyDetector(thresholds: thresholds, state: state)
        }

        /// Feeds one event of `action` at `seconds` after Monday midnight.
        mutating func feed(_ action: AuditAction, at seconds: Double) {
            sequence += 1
            if let finding = detector.observe(action: action.rawValue, time: AnomalyDetectorTests.monday.addingTimeInterval(seconds), sequence: sequence) {
                findings.append(finding)
            }
        }

        /// Feeds `count` events of `action` evenly spread over `span` seconds from `start`.
        mutating func burst(_ action: AuditAction, _ count: Int, from start: Double, over span: Double) {
            for index in 0..<count { feed(action, at: start + span * Double(index) / Double(count)) }
        }
    }

    /// An analyst's ordinary working day `day` (0 = Monday) from 9:00 to 17:00: a few reads
    /// most minutes, a credential use now and then, a denied tool call twice a day.
    private func ordinaryDay(_ day: Int, into stream: inout Stream) {
        let reads: [AuditAction] = [.memoryRead, .memorySearch, .memoryList, .memoryRetrieve, .sessionRead, .messageSearch]
        for minute in (9 * 60)..<(17 * 60) {
            let start = Double(day * 86_400 + minute * 60)
            let busy = (minute * 7 + day * 3) % 13
            for index in 0..<busy { stream.feed(reads[(minute + index) % reads.count], at: start + Double(index) * 4) }
            stream.feed(.messageAppend, at: start + 55)
            if minute % 5 == 0 { stream.feed(.credentialUse, at: start + 57) }
            if minute % 240 == 0 { stream.feed(.approvalDenied, at: start + 58) }
            if minute % 3 == 0 { stream.feed(.approvalAllowed, at: start + 59) }
        }
    }

    @Test func aBurstOfReadsAndExportsFires() throws {
        var stream = Stream()
        for day in 0..<3 { ordinaryDay(day, into: &stream) }
        #expect(stream.findings.isEmpty)
        // Day 3, 20:00: every session exported and memory read, 60 in a minute.
        let start = Double(3 * 86_400 + 20 * 3600)
        for index in 0..<60 { stream.feed(index % 2 == 0 ? .sessionRead : .memoryRead, at: start + Double(index)) }
        #expect(stream.findings.count == 1, "\(stream.findings.map(\.summary))")
        let finding = try #require(stream.findings.first)
        #expect(finding.rule == .readBurst)
        #expect(finding.rule.severity == .warning)
        #expect(finding.details.observed == 50)
        #expect(finding.details.threshold == 50)
        #expect(finding.details.windowSeconds == 60)
        #expect(finding.details.sequence == stream.sequence - 10, "the 50th read crossed the threshold")
        #expect(finding.time == Self.monday.addingTimeInterval(start + 49))
        #expect(finding.summary.hasPrefix("50 reads of memory and sessions within 1 min (usually "))
        #expect(finding.summary.hasSuffix("; alert at 50)"))
    }

    @Test func aBurstOfCredentialUseFiresAsCritical() {
        var stream = Stream()
        stream.burst(.credentialUse, 25, from: 3600, over: 30)
        #expect(stream.findings.map(\.rule) == [.credentialUseBurst])
        #expect(stream.findings.first?.rule.severity == .critical)
        #expect(stream.findings.first?.details.observed == 20)
        #expect(stream.findings.first?.summary.hasPrefix("20 credential uses within 1 min") == true)
    }

    @Test func manyDeniedApprovalsFire() {
        var stream = Stream()
        // Allowed calls never count, however many.
        stream.burst(.approvalAllowed, 40, from: 0, over: 300)
        stream.burst(.approvalDenied, 4, from: 600, over: 400)
        #expect(stream.findings.isEmpty, "four denials in ten minutes are below the threshold")
        stream.feed(.approvalDenied, at: 1_050)
        #expect(stream.findings.map(\.rule) == [.deniedApprovals])
        #expect(stream.findings.first?.details.observed == 5)
        #expect(stream.findings.first?.details.windowSeconds == 600)
        #expect(stream.findings.first?.summary.hasPrefix("5 denied tool calls within 10 min") == true)
    }

    @Test func failedSignInsFireAtTheThreshold() throws {
        let thresholds = AnomalyThresholds()
        let now = Self.monday
        #expect(AnomalyDetector.failedSignIns(4, at: now, thresholds: thresholds) == nil)
        let finding = try #require(AnomalyDetector.failedSignIns(7, at: now, thresholds: thresholds))
        #expect(finding.rule == .failedSignIns)
        #expect(finding.rule.severity == .critical)
        #expect(finding.details == AlertDetails(observed: 7, threshold: 5))
        #expect(finding.time == now)
        #expect(finding.summary == "7 failed sign-in or token attempts since the workspace was last opened (alert at 5)")
    }

    @Test func twoWeeksOfOrdinaryUseRaiseNothing() {
        var stream = Stream()
        for day in 0..<14 { ordinaryDay(day, into: &stream) }
        #expect(stream.sequence > 30_000)
        #expect(stream.findings.isEmpty, "\(stream.findings.map(\.summary))")
    }

    @Test func otherActionsNeverCount() {
        var stream = Stream()
        let others: [AuditAction] = [.memoryAdd, .memoryUpdate, .messageAppend, .sessionCreate, .auditRead, .auditVerify,
                                     .alertRaise, .alertList, .approvalAllowed, .signInFailures, .maintenanceVerify, .credentialRead]
        for action in others { stream.burst(action, 200, from: 0, over: 30) }
        #expect(stream.findings.isEmpty)
    }

    @Test func aWorkspaceThatIsAlwaysBusyDoesNotAlertAtItsUsualRate() {
        // 120 reads a minute, every minute for three days.
        var busy = Stream()
        for minute in 0..<(3 * 24 * 60) { busy.burst(.memoryRead, 120, from: Double(minute * 60), over: 60) }
        #expect(busy.findings.count == 1, "\(busy.findings.map(\.time))")
        #expect(busy.findings.first.map { $0.time < Self.monday.addingTimeInterval(60) } == true, "only before it had a baseline")
        // A quiet workspace doing the same for one minute alerts.
        var quiet = Stream()
        for day in 0..<3 { ordinaryDay(day, into: &quiet) }
        quiet.burst(.memoryRead, 120, from: Double(3 * 86_400 + 12 * 3600 + 5), over: 60)
        #expect(quiet.findings.map(\.rule) == [.readBurst])
        // Four times its own rate alerts the busy one too.
        busy.burst(.memoryRead, 500, from: Double(3 * 86_400), over: 60)
        #expect(busy.findings.count == 2)
        #expect(busy.findings.last.map { abs($0.details.threshold - 480) <= 1 } == true)
        #expect(busy.findings.last.map { abs(($0.details.baseline ?? 0) - 120) < 0.01 } == true)
    }

    @Test func theCooldownKeepsARuleQuietForFifteenMinutes() {
        var stream = Stream()
        stream.burst(.memorySearch, 60, from: 0, over: 50)
        stream.burst(.memorySearch, 60, from: 600, over: 50)
        #expect(stream.findings.count == 1, "the second burst is within the cooldown")
        stream.burst(.credentialUse, 30, from: 620, over: 20)
        #expect(stream.findings.map(\.rule) == [.readBurst, .credentialUseBurst], "each rule has its own cooldown")
        stream.burst(.memorySearch, 250, from: 1_000, over: 50)
        #expect(stream.findings.map(\.rule) == [.readBurst, .credentialUseBurst, .readBurst])
    }

    @Test func aBurstAcrossAWindowBoundaryFires() {
        var stream = Stream()
        for day in 0..<2 { ordinaryDay(day, into: &stream) }
        // 55 reads from 20:59:30 to 21:00:24 — split 30/25 by the minute boundary.
        stream.burst(.memoryRead, 55, from: Double(86_400 + 21 * 3600 - 30), over: 55)
        #expect(stream.findings.map(\.rule) == [.readBurst])
        #expect(stream.findings.first?.details.observed == 50)
    }

    @Test func thresholdsAreConfigurable() {
        var thresholds = AnomalyThresholds()
        thresholds.reads = BurstThreshold(count: 10, windowSeconds: 30, multiplier: 2)
        thresholds.deniedApprovals = BurstThreshold(count: 2, windowSeconds: 60, multiplier: 1)
        var stream = Stream(thresholds)
        stream.burst(.memoryRead, 10, from: 0, over: 20)
        stream.burst(.approvalDenied, 2, from: 100, over: 10)
        #expect(stream.findings.map(\.rule) == [.readBurst, .deniedApprovals])
        #expect(stream.findings.first?.summary.hasPrefix("10 reads of memory and sessions within 30 s") == true)
    }

    @Test func theDetectorContinuesFromItsSavedState() throws {
        var whole = Stream()
        var first = Stream()
        for day in 0..<2 {
            ordinaryDay(day, into: &whole)
            ordinaryDay(day, into: &first)
        }
        let saved = try JSONDecoder().decode(AnomalyDetector.State.self, from: try JSONEncoder().encode(first.detector.state))
        #expect(saved == first.detector.state)
        var resumed = Stream(state: saved)
        resumed.sequence = first.sequence
        whole.burst(.memoryRead, 70, from: Double(2 * 86_400 + 3600), over: 60)
        resumed.burst(.memoryRead, 70, from: Double(2 * 86_400 + 3600), over: 60)
        #expect(resumed.findings == whole.findings)
        #expect(resumed.findings.count == 1)
    }
}
