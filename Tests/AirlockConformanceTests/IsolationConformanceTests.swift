import AirlockCore
import AirlockTestSupport
import Foundation
import Testing

/// The foundation's isolation behaviours on every backend: `globex` is seeded with canary
/// strings in every kind of row, and `acme`'s store, driven through every method, never
/// returns any of them; `globex`'s items are "not found" in `acme` exactly like ids that
/// do not exist; `acme`'s audit log never mentions `globex`.
@Suite("Conformance: isolation", .serialized)
struct IsolationConformanceTests {
    /// What was planted in `globex`.
    private struct Planted {
        let canaries: [String]
        let memory: MemoryDocument
        let session: ChatSession
        let integration: IntegrationID
        let alert: Alert
    }

    /// Seeds `globex` with a canary in memory (title, body, tag), a session title, messages,
    /// an integration's name and settings, a credential label and an alert.
    private func plant(in globex: any WorkspaceStore) async throws -> Planted {
        let canaries = ["memory", "tag", "session", "message", "integration", "setting", "label"].map { Canary.make($0) }
        let memory = try await globex.addMemory(try draft("Launch \(canaries[0])", body: "launch budget 東京 キャンペーン \(canaries[0])",
                                                          tags: [canaries[1].lowercased()], pinned: true))
        _ = try await globex.addMemory(try draft("Plan \(canaries[0])", body: "spring launch"))
        let session = try await globex.createSession(title: "Session \(canaries[2])")
        _ = try await globex.appendMessage(try message("launch budget \(canaries[3])"), to: session.key)
        let ads = try IntegrationID("ads")
        _ = try await globex.addIntegration(id: ads, kind: .http, name: "Ads \(canaries[4])",
                                            settings: bearer("https://\(canaries[5].lowercased()).example", parameters: ["account": canaries[5]]))
        try await globex.putCredential(fakeSealed(ads, label: "key \(canaries[6])"))
        let alert = try #require(try await globex.reportFailedSignIns(9))
        return Planted(canaries: canaries + canaries.map { $0.lowercased() }, memory: memory, session: session, integration: ads, alert: alert)
    }

    /// Everything `value` holds, as text.
    private func text(_ value: Any) -> String {
        var output = ""
        dump(value, to: &output)
        return output
    }

    @Test(arguments: StoreBackend.allCases)
    func noMethodOfOneWorkspacesStoreReturnsAnothersRows(_ backend: StoreBackend) async throws {
        try await backend.with { bench in
            let planted = try await plant(in: bench.globex)
            let acme = bench.acme
            let mine = try await acme.addMemory(try draft("Launch ours", body: "launch budget 東京 キャンペーン", tags: ["launch"], pinned: true))
            let session = try await acme.createSession(title: "Ours")
            _ = try await acme.appendMessage(try message("launch budget"), to: session.key)
            let ads = try IntegrationID("ads")
            _ = try await acme.addIntegration(id: ads, kind: .http, name: "Ads", settings: bearer())
            try await acme.putCredential(fakeSealed(ads))
            _ = try await acme.reportFailedSignIns(9)

            var results: [String: String] = [:]
            results["list"] = text(try await acme.listMemory(kind: nil))
            results["memory"] = text(try await acme.memory(mine.id))
            results["pinned"] = text(try await acme.pinnedMemory())
            for query in ["launch", "budget", "東京", "キャンペーン", "spring"] + planted.canaries {
                results["search \(query)"] = text(try await acme.searchMemory(try MemorySearchQuery(query)))
                results["retrieve \(query)"] = text(try await acme.retrieveMemory(try MemorySearchQuery(query, matching: .any)))
                results["messages \(query)"] = text(try await acme.searchMessages(try MessageSearchQuery(query)))
            }
            results["sessions"] = text(try await acme.sessions())
            results["session"] = text(try await acme.session(session.key))
            results["transcript"] = text(try await acme.transcript(session.key, lastMessages: nil))
            results["integrations"] = text(try await acme.integrations())
            results["integration"] = text(try await acme.integration(ads))
            results["credentials"] = text(try await acme.credentials(of: ads))
            results["credential"] = text(try await acme.credential(ads, .apiKey) as Any)
            results["alerts"] = text(try await acme.alerts(limit: nil))
            results["audit"] = text(try await acme.auditEvents(last: nil))
            results["verify"] = text(try await acme.verifyAudit())
            for (call, result) in results {
                #expect(Canary.found(planted.canaries, in: result).isEmpty, "\(call) returned globex's rows: \(result)")
            }
            #expect(try await acme.listMemory(kind: nil).map(\.id) == [mine.id])
            #expect(try await acme.sessions().map(\.key) == [session.key])
            let alerts = try await acme.alerts(limit: nil)
            #expect(alerts.contains { $0.rule == .failedSignIns }, "acme's own alert is there")
            #expect(alerts.allSatisfy { $0.workspaceID == bench.acmeID && $0.id != planted.alert.id })
            #expect(try await bench.globex.memory(planted.memory.id) == planted.memory, "globex's rows are there")
            // The same checks on globex's own store do see its canaries, so the checks above can fail.
            let theirs = [text(try await bench.globex.listMemory(kind: nil)), text(try await bench.globex.sessions()),
                          text(try await bench.globex.searchMessages(try MessageSearchQuery("launch"))), text(try await bench.globex.integrations()),
                          text(try await bench.globex.credentials(of: planted.integration))].joined()
            #expect(Set(Canary.found(planted.canaries, in: theirs).map { $0.lowercased() }).count == 7, "every canary is visible to globex")
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func anotherWorkspacesItemsAreNotFoundExactlyLikeMissingOnes(_ backend: StoreBackend) async throws {
        try await backend.with { bench in
            let planted = try await plant(in: bench.globex)
            let acme = bench.acme
            /// The error of `call`, as text (nil if it did not throw).
            func failure(_ call: () async throws -> Void) async -> String? {
                do { try await call(); return nil } catch { return "\(type(of: error)) \(error)" }
            }
            /// Expects `call` on globex's item and on a missing one to fail identically, up to the id.
            func expectSame(_ name: String, _ theirs: String, _ missing: String, _ call: (String) async throws -> Void,
                            sourceLocation: SourceLocation = #_sourceLocation) async {
                let foreign = await failure { try await call(theirs) }
                let absent = await failure { try await call(missing) }
                #expect(foreign != nil, "\(name) reached globex's item", sourceLocation: sourceLocation)
                #expect(foreign?.replacingOccurrences(of: theirs, with: "ID") == absent?.replacingOccurrences(of: missing, with: "ID"),
                        "\(name): \(foreign ?? "nil") vs \(absent ?? "nil")", sourceLocation: sourceLocation)
            }
            let memory = planted.memory.id.rawValue
            await expectSame("memory", memory, "m-missing") { _ = try await acme.memory(try MemoryID($0)) }
            await expectSame("updateMemory", memory, "m-missing") { _ = try await acme.updateMemory(try MemoryID($0), with: try MemoryPatch(title: "x")) }
            await expectSame("removeMemory", memory, "m-missing") { try await acme.removeMemory(try MemoryID($0)) }
            let session = planted.session.key.session.rawValue
            // The same session id under acme's key (what a caller of acme can name) and under globex's key.
            for workspace in [bench.acmeID, bench.globexID] {
                let key = { (id: String) throws in SessionKey(workspace: workspace, session: try SessionID(id)) }
                await expectSame("session", session, "s-missing") { _ = try await acme.session(try key($0)) }
                await expectSame("transcript", session, "s-missing") { _ = try await acme.transcript(try key($0), lastMessages: nil) }
                await expectSame("renameSession", session, "s-missing") { _ = try await acme.renameSession(try key($0), to: "x") }
                await expectSame("appendMessage", session, "s-missing") { _ = try await acme.appendMessage(try message("x"), to: try key($0)) }
                await expectSame("deleteSession", session, "s-missing") { try await acme.deleteSession(try key($0)) }
            }
            let integration = planted.integration.rawValue
            await expectSame("integration", integration, "missing") { _ = try await acme.integration(try IntegrationID($0)) }
            await expectSame("updateIntegrationSettings", integration, "missing") { _ = try await acme.updateIntegrationSettings(try IntegrationID($0), bearer()) }
            await expectSame("credentials", integration, "missing") { _ = try await acme.credentials(of: try IntegrationID($0)) }
            await expectSame("credential", integration, "missing") { _ = try await acme.credential(try IntegrationID($0), .apiKey) }
            await expectSame("putCredential", integration, "missing") { try await acme.putCredential(fakeSealed(try IntegrationID($0))) }
            await expectSame("removeCredentials", integration, "missing") { try await acme.removeCredentials(of: try IntegrationID($0)) }
            await expectSame("recordCredentialUse", integration, "missing") {
                try await acme.recordCredentialUse(integration: try IntegrationID($0), tool: "t", endpoint: "https://a.example", status: 200)
            }
            await expectSame("removeIntegration", integration, "missing") { try await acme.removeIntegration(try IntegrationID($0)) }
            await expectSame("acknowledgeAlert", planted.alert.id.rawValue, "al-missing") { _ = try await acme.acknowledgeAlert(try AlertID($0)) }

            #expect(try await bench.globex.memory(planted.memory.id) == planted.memory, "nothing of globex changed")
            #expect(try await bench.globex.session(planted.session.key).title == planted.session.title)
            #expect(try await bench.globex.credentials(of: planted.integration).count == 1)
            #expect(try await bench.globex.alerts(limit: nil).map(\.acknowledged) == [false])
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func oneWorkspacesAuditNeverMentionsAnother(_ backend: StoreBackend) async throws {
        try await backend.with { bench in
            let planted = try await plant(in: bench.globex)
            let acme = bench.acme
            _ = try? await acme.memory(planted.memory.id)
            _ = try? await acme.transcript(planted.session.key, lastMessages: nil)
            _ = try? await acme.credentials(of: planted.integration)
            _ = try await acme.searchMemory(try MemorySearchQuery("launch"))
            let events = try await acme.auditEvents(last: nil)
            #expect(events.allSatisfy { $0.workspaceID == bench.acmeID })
            let log = text(events)
            #expect(!log.contains("globex"), "\(log)")
            #expect(!log.contains(planted.memory.id.rawValue) && !log.contains(planted.session.key.session.rawValue))
            #expect(Canary.found(planted.canaries, in: log).isEmpty)
            let theirs = try await bench.globex.auditEvents(last: nil)
            #expect(theirs.allSatisfy { $0.workspaceID == bench.globexID })
            #expect(!text(theirs).contains("workspace/acme"))
            #expect(try await acme.verifyAudit() == .intact(events: Int64(events.count + 1)))
        }
    }
}
