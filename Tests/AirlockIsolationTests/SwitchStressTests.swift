import AirlockAgent
import AirlockCore
import AirlockStore
import AirlockTestSupport
import Foundation
import Synchronization
import Testing

/// Switches A → B → A … through the `RuntimeSwitcher` many times, each time while A's
/// reply is streaming or while A's tool call awaits approval, then runs a turn in B.
///
/// After every switch: A's turn has ended, B's events and B's stored state hold nothing of
/// A's canary (and A's nothing of B's), no tool call of A ran. At the end: no descriptor of
/// either workspace is open, the process's descriptor count did not grow with the rounds,
/// no runtime of an earlier round is still alive, and resident memory grew by a bounded
/// amount. CI makes 200 switches (100 rounds A → B); `AIRLOCK_RELIABILITY_SWITCHES` sets
/// the number of switches (`scripts/reliability.sh` makes 1,000).
@Suite("Workspace switch stress", .serialized)
struct SwitchStressTests {
    static let acmeCanary = "ACME-STRESS-CANARY"
    static let betaCanary = "BETA-STRESS-CANARY"

    @Test func switchingDuringStreamingAndPendingToolCallsLeaksNothing() async throws {
        let rounds = max(2, (Int(ProcessInfo.processInfo.environment["AIRLOCK_RELIABILITY_SWITCHES"] ?? "") ?? 200) / 2)
        let home = try TestHome()
        let acme = try await home.createWorkspace("acme", name: "Acme")
        let beta = try await home.createWorkspace("beta", name: "Beta")
        let acmeSession = try await home.withStore(acme) { try await $0.createSession(title: "Stress") }.key
        let betaSession = try await home.withStore(beta) { try await $0.createSession(title: "Stress") }.key
        let manager = home.manager
        let providers = Mutex<[ScriptedProvider]>([])
        let switcher = RuntimeSwitcher { grant in
            let provider = ScriptedProvider()
            providers.withLock { $0.append(provider) }
            return try await WorkspaceRuntime.open(grant, manager: manager, settings: AgentSettings(provider: provider, stepLimit: 2),
                                                   admission: .unlimited)
        }
        let clients = home.home.root + "/clients"
        let clock = ContinuousClock()
        let started = clock.now
        var descriptorSamples: [Int] = []
        var baselineResident = 0
        var peakResident = 0
        weak var earlierRuntime: WorkspaceRuntime?

        for round in 0..<rounds {
            let duringToolCall = round % 2 == 1
            // Enter A and start a turn that is still going when we leave.
            _ = try await switcher.switchTo(acme.grant)
            let acmeRuntime = try #require(await switcher.current)
            let acmeProvider = try #require(providers.withLock { $0.last })
            if duringToolCall {
                acmeProvider.enqueue(.call("memory_save", #"{"kind":"note","title":"\#(Self.acmeCanary)","body":"\#(Self.acmeCanary) \#(round)"}"#))
            } else {
                acmeProvider.enqueue(.endless(Self.acmeCanary + " "))
            }
            let acmeTurn = Task { () -> [AgentEvent] in
                var seen: [AgentEvent] = []
                do {
                    for try await event in await acmeRuntime.send("\(Self.acmeCanary) round \(round)", in: acmeSession, approvals: { _ in
                        try? await Task.sleep(for: .seconds(3600))
                        return .allowOnce
                    }) { seen.append(event) }
                } catch {}
                return seen
            }
            // Wait until A is mid-stream or its call waits for the analyst.
            let ready = clock.now + .seconds(30)
            if duringToolCall {
                while await acmeRuntime.pendingApprovals().isEmpty, clock.now < ready { try await Task.sleep(for: .milliseconds(1)) }
                #expect(await !acmeRuntime.pendingApprovals().isEmpty, "round \(round): the tool call waits for approval")
            } else {
                while acmeProvider.requests.isEmpty, clock.now < ready { try await Task.sleep(for: .milliseconds(1)) }
                try await Task.sleep(for: .milliseconds(Int.random(in: 6...12)))
            }

            // Through the airlock to B, mid-turn.
            _ = try await switcher.switchTo(beta.grant)
            #expect(await acmeRuntime.isClosed)
            let acmeEvents = await acmeTurn.value
            for event in acmeEvents {
                #expect(!Self.describe(event).contains(Self.betaCanary), "round \(round): A's turn saw B")
                if case .toolResultSaved(let message) = event {
                    #expect(!message.content.contains("\"saved\""), "round \(round): a call pending at the switch did not run")
                }
            }
            if round > 0 {
                #expect(earlierRuntime == nil, "round \(round): the previous round's runtime of A is gone")
            }
            earlierRuntime = acmeRuntime

            // A turn in B sees and stores nothing of A.
            let betaRuntime = try #require(await switcher.current)
            let betaProvider = try #require(providers.withLock { $0.last })
            betaProvider.enqueue(.answer("\(Self.betaCanary) reply \(round)"))
            var betaText = ""
            for try await event in await betaRuntime.send("hello \(round)", in: betaSession, approvals: RecordingApprover(.deny).handler) {
                let text = Self.describe(event)
                #expect(!text.contains(Self.acmeCanary), "round \(round): B's event carried A's text: \(text.prefix(200))")
                betaText += text
            }
            #expect(betaText.contains("\(Self.betaCanary) reply \(round)"), "round \(round): B's turn completed")
            for request in betaProvider.requests {
                #expect(!"\(request)".contains(Self.acmeCanary), "round \(round): B's model request carried A's text")
            }

            descriptorSamples.append(Self.descriptorsOtherThanPipes())
            if round == min(20, rounds - 1) {
                baselineResident = Self.residentBytes()
            }
            peakResident = max(peakResident, Self.residentBytes())
        }
        let elapsed = clock.now - started
        await switcher.close()

        // B's stored state holds nothing of A, A's nothing of B.
        try await home.withStore(beta) { store in
            let transcript = try await store.transcript(betaSession, lastMessages: nil)
            #expect(transcript.messages.count == 2 * rounds, "each round's B turn saved its two messages")
            #expect(!transcript.messages.contains { $0.content.contains(Self.acmeCanary) })
            #expect(try await store.listMemory(kind: nil).isEmpty)
            #expect(try await store.sessions().count == 1)
        }
        try await home.withStore(acme) { store in
            let transcript = try await store.transcript(acmeSession, lastMessages: nil)
            #expect(!transcript.messages.contains { $0.content.contains(Self.betaCanary) })
            #expect(try await store.listMemory(kind: nil).isEmpty, "no tool call pending at a switch ever ran")
        }

        // Nothing of either workspace is held open; nothing grew without bound.
        #expect(FileDescriptors.openPaths(under: clients).isEmpty, "descriptors left: \(FileDescriptors.openPaths(under: clients))")
        #expect(earlierRuntime == nil, "the last runtime of A is gone")
        // Other suites run in this process at the same time and open descriptors of their
        // own (the CLI suites' child-process pipes above all, which no runtime uses), so
        // count everything but pipes and compare the quietest moments: the fewest open after
        // rounds 10–20 and in the last ten rounds. One descriptor leaked per round would add
        // about `rounds`.
        let baselineDescriptors = descriptorSamples.dropFirst(10).prefix(11).min() ?? 0
        let descriptors = descriptorSamples.suffix(10).min() ?? 0
        #expect(descriptors - baselineDescriptors < max(32, rounds / 3), "descriptors grew from \(baselineDescriptors) to \(descriptors): \(Self.descriptorKinds())")
        let grown = peakResident - baselineResident
        #expect(grown < 96 << 20, "resident memory grew by \(grown >> 20) MiB over \(rounds) rounds")
        print("switch-stress: \(rounds) rounds (\(2 * rounds) switches, half mid-stream, half mid-approval) in \(elapsed); "
            + "descriptors \(baselineDescriptors) → \(descriptors); resident \(baselineResident >> 20) → peak \(peakResident >> 20) MiB")
    }

    /// Everything an event carries, as text.
    static func describe(_ event: AgentEvent) -> String {
        switch event {
        case .text(let text): text
        case .contextBuilt(let context): context.parts.map(\.text).joined(separator: "\n")
        default: "\(event)"
        }
    }

    /// How many descriptors are open, pipes not counted.
    static func descriptorsOtherThanPipes() -> Int {
        FileDescriptors.openPaths().filter { !$0.hasPrefix("pipe:") }.count
    }

    /// The open descriptors by kind (path with digits and hex blanked), most frequent first.
    static func descriptorKinds() -> String {
        let kinds = FileDescriptors.openPaths().map { $0.replacing(/[0-9a-f]{8}-[0-9a-f-]{27}|[0-9]+/, with: "#") }
        return Dictionary(grouping: kinds, by: { $0 }).map { ($0.key, $0.value.count) }.sorted { $0.1 > $1.1 }.prefix(8)
            .map { "\($0.1)× \($0.0)" }.joined(separator: ", ")
    }

    /// The process's resident set size, from `/proc/self/statm`.
    static func residentBytes() -> Int {
        guard let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = statm.split(separator: " ")
        return fields.count > 1 ? (Int(fields[1]) ?? 0) * Int(sysconf(Int32(_SC_PAGESIZE))) : 0
    }
}
