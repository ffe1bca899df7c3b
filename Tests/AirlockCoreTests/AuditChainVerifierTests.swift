import AirlockCore
import Foundation
import Testing

/// A chain of `count` events of `workspace`, built with `AuditEvent.next(after:…)`.
private func chain(_ workspace: WorkspaceID, count: Int) -> [AuditEvent] {
    var events: [AuditEvent] = []
    var head = AuditHead.genesis
    let start = Date(timeIntervalSince1970: 1_767_225_600)
    for index in 0..<count {
        let entry = AuditEntry(index == 0 ? .workspaceCreate : .memoryAdd, index == 0 ? "workspace/\(workspace)" : "memory/m-\(index)")
        let event = AuditEvent.next(after: head, workspace: workspace, entry: entry, actor: AuditActor("test:analyst"),
                                    time: start.addingTimeInterval(Double(index)))
        events.append(event)
        head = event.head
    }
    return events
}

/// Runs the verifier over `events` and a head sealed by `sealKey` (checked with `checkKey`).
private func verify(_ events: [AuditEvent], workspace: WorkspaceID, sealedHead: AuditHead, sealKey: AuditSealKey, checkKey: AuditSealKey? = nil) -> Result<Int64, AuditBreak> {
    var verifier = AuditChainVerifier(workspace: workspace)
    do throws(AuditBreak) {
        for event in events { try verifier.check(event) }
        let seal = sealKey.seal(sealedHead)
        return .success(try verifier.finish(sealedHead: sealedHead, sealValid: (checkKey ?? sealKey).verifies(sealedHead, seal: seal)))
    } catch {
        return .failure(error)
    }
}

/// `event` with one field replaced, keeping its stored hashes.
private func altered(_ event: AuditEvent, actor: String? = nil, action: String? = nil, resource: String? = nil, time: Date? = nil, sequence: Int64? = nil) -> AuditEvent {
    AuditEvent(workspaceID: event.workspaceID, sequence: sequence ?? event.sequence, time: time ?? event.time,
               actor: actor ?? event.actor, action: action ?? event.action, resource: resource ?? event.resource,
               previousHash: event.previousHash, hash: event.hash)
}

@Suite("AuditChainVerifier")
struct AuditChainVerifierTests {
    private let acme = try! WorkspaceID("acme")

    private func sealKey() async throws -> AuditSealKey {
        let workspace = try await AuthenticatedWorkspace.make("acme", masterKey: try masterKey(1))
        return try workspace.authenticator.auditSealKey(for: workspace.grant)
    }

    @Test func eventsLinkToTheirPredecessor() {
        let events = chain(acme, count: 3)
        #expect(events.map(\.sequence) == [1, 2, 3])
        #expect(events[0].previousHash == AuditHead.genesis.hash)
        #expect(events[1].previousHash == events[0].hash)
        #expect(events[2].previousHash == events[1].hash)
        #expect(events.allSatisfy { $0.hash == $0.expectedHash })
        #expect(events[0].action == "workspace.create")
        #expect(events[0].actor == "test:analyst")
    }

    @Test func eventTimesAreKeptToTheMillisecond() {
        let time = Date(timeIntervalSince1970: 1_767_225_600.123_456)
        let event = AuditEvent.next(after: .genesis, workspace: acme, entry: AuditEntry(.auditRead, "audit"), actor: AuditActor("a"), time: time)
        #expect(event.time.millisecondsSince1970 == 1_767_225_600_123)
        #expect(event.hash == event.expectedHash)
    }

    @Test func intactChainVerifiesWithItsEventCount() async throws {
        let key = try await sealKey()
        let events = chain(acme, count: 5)
        #expect(verify(events, workspace: acme, sealedHead: events[4].head, sealKey: key) == .success(5))
    }

    @Test func emptyChainSealedAtGenesisVerifiesWithNoEvents() async throws {
        let key = try await sealKey()
        #expect(verify([], workspace: acme, sealedHead: .genesis, sealKey: key) == .success(0))
    }

    @Test(arguments: [1, 3, 5])
    func modifiedFieldIsReportedAtThatEvent(_ position: Int) async throws {
        let key = try await sealKey()
        var events = chain(acme, count: 5)
        let head = events[4].head
        events[position - 1] = altered(events[position - 1], resource: "memory/m-forged")
        #expect(verify(events, workspace: acme, sealedHead: head, sealKey: key) == .failure(.modified(sequence: Int64(position))))
    }

    @Test func everyHashedFieldIsCovered() async throws {
        let key = try await sealKey()
        let events = chain(acme, count: 3)
        let head = events[2].head
        let variants = [
            altered(events[1], actor: "test:mallory"),
            altered(events[1], action: "memory.read"),
            altered(events[1], resource: "memory/m-other"),
            altered(events[1], time: events[1].time.addingTimeInterval(1)),
        ]
        for variant in variants {
            #expect(verify([events[0], variant, events[2]], workspace: acme, sealedHead: head, sealKey: key) == .failure(.modified(sequence: 2)))
        }
    }

    @Test func removedMiddleEventIsReportedMissing() async throws {
        let key = try await sealKey()
        var events = chain(acme, count: 5)
        let head = events[4].head
        events.remove(at: 2)
        #expect(verify(events, workspace: acme, sealedHead: head, sealKey: key) == .failure(.missing(sequence: 3)))
    }

    @Test func swappedEventsAreDetectedAtTheFirstSwappedPosition() async throws {
        let key = try await sealKey()
        var events = chain(acme, count: 5)
        let head = events[4].head
        events.swapAt(1, 3)
        let result = verify(events, workspace: acme, sealedHead: head, sealKey: key)
        #expect(result == .failure(.missing(sequence: 2)))
        if case .failure(let failure) = result { #expect(failure.sequence == 2) }
    }

    @Test func swappedContentsUnderKeptSequenceNumbersAreDetectedAtTheFirstSwappedPosition() async throws {
        let key = try await sealKey()
        var events = chain(acme, count: 5)
        let head = events[4].head
        let second = events[1]
        let fourth = events[3]
        events[1] = altered(fourth, sequence: 2)
        events[3] = altered(second, sequence: 4)
        #expect(verify(events, workspace: acme, sealedHead: head, sealKey: key) == .failure(.modified(sequence: 2)))
    }

    @Test func rehashedReplacementBreaksTheLinkOfTheNextEvent() async throws {
        let key = try await sealKey()
        var events = chain(acme, count: 4)
        let head = events[3].head
        // An attacker replaces event 2 with a self-consistent forgery but cannot rewrite 3 and 4.
        events[1] = AuditEvent.next(after: events[0].head, workspace: acme, entry: AuditEntry(.memoryRead, "memory/m-forged"),
                                    actor: AuditActor("test:mallory"), time: events[1].time)
        #expect(verify(events, workspace: acme, sealedHead: head, sealKey: key) == .failure(.brokenLink(sequence: 3)))
    }

    @Test func repeatedEventIsOutOfOrder() async throws {
        let key = try await sealKey()
        let events = chain(acme, count: 3)
        let result = verify([events[0], events[1], events[1], events[2]], workspace: acme, sealedHead: events[2].head, sealKey: key)
        #expect(result == .failure(.outOfOrder(sequence: 2)))
    }

    @Test func cutEndIsReportedTruncated() async throws {
        let key = try await sealKey()
        let events = chain(acme, count: 5)
        let result = verify(Array(events.prefix(3)), workspace: acme, sealedHead: events[4].head, sealKey: key)
        #expect(result == .failure(.truncated(lastSequence: 3, sealedSequence: 5)))
        if case .failure(let failure) = result { #expect(failure.sequence == 4) }
    }

    @Test func eventsAfterTheSealedHeadAreAnUnsealedTail() async throws {
        let key = try await sealKey()
        let events = chain(acme, count: 5)
        #expect(verify(events, workspace: acme, sealedHead: events[2].head, sealKey: key) == .failure(.unsealedTail(sequence: 4)))
    }

    @Test func rebuiltChainDiffersFromTheSealedHead() async throws {
        let key = try await sealKey()
        let original = chain(acme, count: 3)
        var rebuilt: [AuditEvent] = []
        var head = AuditHead.genesis
        for event in original {
            let forged = AuditEvent.next(after: head, workspace: acme, entry: AuditEntry(.auditRead, "audit"), actor: AuditActor("test:mallory"), time: event.time)
            rebuilt.append(forged)
            head = forged.head
        }
        #expect(verify(rebuilt, workspace: acme, sealedHead: original[2].head, sealKey: key) == .failure(.headMismatch(sequence: 3)))
    }

    @Test func sealOfAnotherWorkspaceIsInvalid() async throws {
        let key = try masterKey(1)
        let acmeAccess = try await AuthenticatedWorkspace.make("acme", masterKey: key)
        let globexAccess = try await AuthenticatedWorkspace.make("globex", masterKey: key)
        let acmeKey = try acmeAccess.authenticator.auditSealKey(for: acmeAccess.grant)
        let globexKey = try globexAccess.authenticator.auditSealKey(for: globexAccess.grant)
        #expect(acmeKey.workspace == acme)
        let events = chain(acme, count: 3)
        #expect(verify(events, workspace: acme, sealedHead: events[2].head, sealKey: globexKey, checkKey: acmeKey) == .failure(.sealInvalid))
    }

    @Test func sealMadeUnderAnotherMasterKeyIsInvalid() async throws {
        let mine = try await AuthenticatedWorkspace.make("acme", masterKey: try masterKey(1))
        let theirs = try await AuthenticatedWorkspace.make("acme", masterKey: try masterKey(2))
        let myKey = try mine.authenticator.auditSealKey(for: mine.grant)
        let theirKey = try theirs.authenticator.auditSealKey(for: theirs.grant)
        let events = chain(acme, count: 3)
        #expect(verify(events, workspace: acme, sealedHead: events[2].head, sealKey: theirKey, checkKey: myKey) == .failure(.sealInvalid))
    }

    @Test func sealKeysDeriveTheSameSealForTheSameWorkspaceAndMasterKey() async throws {
        let first = try await AuthenticatedWorkspace.make("acme", masterKey: try masterKey(1))
        let second = try await AuthenticatedWorkspace.make("acme", masterKey: try masterKey(1))
        let head = chain(acme, count: 2)[1].head
        let seal = try first.authenticator.auditSealKey(for: first.grant).seal(head)
        #expect(try second.authenticator.auditSealKey(for: second.grant).verifies(head, seal: seal))
        #expect(seal.count == 32)
    }

    @Test func sealCoversSequenceAndHash() async throws {
        let key = try await sealKey()
        let events = chain(acme, count: 3)
        let seal = key.seal(events[2].head)
        #expect(key.verifies(events[2].head, seal: seal))
        #expect(!key.verifies(AuditHead(sequence: 4, hash: events[2].hash), seal: seal))
        #expect(!key.verifies(events[1].head, seal: seal))
    }

    @Test func eventOfAnotherWorkspaceIsForeign() async throws {
        let key = try await sealKey()
        var events = chain(acme, count: 4)
        let head = events[3].head
        let globexEvents = chain(try WorkspaceID("globex"), count: 4)
        events[2] = globexEvents[2]
        #expect(verify(events, workspace: acme, sealedHead: head, sealKey: key) == .failure(.foreignEvent(sequence: 3)))
    }

    @Test func breakDescriptionsNameTheSequence() {
        #expect(AuditBreak.modified(sequence: 7).description.contains("7"))
        #expect(AuditBreak.missing(sequence: 4).description == "audit event 4 is missing")
        #expect(AuditBreak.truncated(lastSequence: 3, sealedSequence: 5).description.contains("event 4 is missing"))
        #expect(AuditBreak.sealInvalid.sequence == nil)
    }
}

@Suite("AuditEvent coding")
struct AuditEventCodingTests {
    @Test func jsonRoundTripKeepsTheHashesVerifiable() throws {
        let event = AuditEvent.next(after: .genesis, workspace: try WorkspaceID("acme"), entry: AuditEntry(.memoryAdd, "memory/m-1"),
                                    actor: AuditActor("test:analyst"), time: Date(timeIntervalSince1970: 1_767_225_600.5))
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .millisecondsSince1970
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .millisecondsSince1970
        let data = try encoder.encode(event)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"prev_hash\":\"" + String(repeating: "0", count: 64) + "\""))
        let decoded = try decoder.decode(AuditEvent.self, from: data)
        #expect(decoded == event)
        #expect(decoded.hash == decoded.expectedHash)
    }

    @Test func decodingRefusesMalformedHashes() throws {
        let json = """
            {"workspace":"acme","seq":1,"time":0,"actor":"a","action":"audit.read","resource":"audit","prev_hash":"00","hash":"zz"}
            """
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(AuditEvent.self, from: Data(json.utf8)) }
    }
}
