import AirlockCore
import AirlockStore
import AirlockTestSupport
import Foundation
import Testing

@testable import AirlockAgent

@Suite struct RuntimeTeardownTests {
    private func switcher(_ fixture: AgentFixture, _ provider: ScriptedProvider) -> RuntimeSwitcher {
        let manager = fixture.home.manager
        return RuntimeSwitcher { grant in
            try await WorkspaceRuntime.open(grant, manager: manager, settings: AgentSettings(provider: provider), admission: .unlimited)
        }
    }

    @Test func aSwitchReleasesTheWholeOldGraphAndItsFileDescriptors() async throws {
        let fixture = try await AgentFixture.make("acme")
        let beta = try await fixture.home.createWorkspace("beta")
        let provider = ScriptedProvider(scripts: [.endless("x")])
        let switcher = switcher(fixture, provider)
        let acmeFolder = fixture.home.home.root + "/clients/acme"
        weak var oldRuntime: WorkspaceRuntime?
        weak var oldStore: (any WorkspaceStore & AnyObject)?
        weak var oldCache: ComponentCache?
        do {
            _ = try await switcher.switchTo(fixture.workspace.grant)
            let runtime = try #require(await switcher.current)
            let store = try await runtime.openStore()
            oldRuntime = runtime
            oldStore = store
            oldCache = runtime.cache
            let session = try await store.createSession(title: "Busy")
            var stream = await runtime.send("Keep talking", in: session.key, approvals: RecordingApprover(.deny).handler).makeAsyncIterator()
            _ = try await stream.next()
            #expect(!FileDescriptors.openPaths(under: acmeFolder).isEmpty)

            let report = try await switcher.switchTo(beta.grant)

            #expect(report.from == fixture.workspace.id)
            #expect(report.to == beta.id)
            #expect(report.teardown > .zero && report.build > .zero)
            #expect(await runtime.isClosed)
        }
        #expect(oldRuntime == nil, "the old runtime is gone")
        #expect(oldStore == nil, "its store is gone")
        #expect(oldCache == nil, "its cache is gone")
        #expect(FileDescriptors.openPaths(under: acmeFolder).isEmpty, "no descriptor of the old workspace stays open")
        #expect(provider.cancelledStreams == 1, "the in-flight model request was cancelled")
        await switcher.close()
    }

    @Test func aTurnStreamingAtSwitchTimeDeliversNothingIntoTheNewWorkspace() async throws {
        let fixture = try await AgentFixture.make("acme")
        let beta = try await fixture.home.createWorkspace("beta")
        let provider = ScriptedProvider(scripts: [.endless("acme-secret ")])
        let switcher = switcher(fixture, provider)
        _ = try await switcher.switchTo(fixture.workspace.grant)
        let acme = try #require(await switcher.current)
        let session = try await acme.openStore().createSession(title: "Streaming")
        let stream = await acme.send("Talk", in: session.key, approvals: RecordingApprover(.deny).handler)
        var iterator = stream.makeAsyncIterator()
        _ = try await iterator.next()

        _ = try await switcher.switchTo(beta.grant)

        var ended = false
        do {
            while try await iterator.next() != nil {}
            ended = true
        } catch is CancellationError {
            ended = true
        }
        #expect(ended, "the old turn's stream ends")
        let betaRuntime = try #require(await switcher.current)
        let betaStore = try await betaRuntime.openStore()
        #expect(try await betaStore.sessions().isEmpty, "nothing arrived in the new workspace")
        let betaEvents = try await betaStore.auditEvents(last: nil)
        #expect(!betaEvents.contains { $0.action == AuditAction.messageAppend.rawValue })
        await switcher.close()
        let acmeMessages = try await fixture.home.withStore(fixture.workspace) { store in
            try await store.transcript(session.key, lastMessages: nil).messages
        }
        #expect(acmeMessages.first?.content == "Talk", "the old workspace kept its own message")
    }

    @Test func closingDeniesPendingApprovalsAndEndsTheTurn() async throws {
        let fixture = try await AgentFixture.make()
        let provider = ScriptedProvider(scripts: [.call("memory_save", "{\"kind\":\"note\",\"title\":\"t\",\"body\":\"b\"}"), .answer("done")])
        let runtime = try await fixture.runtime(provider)
        let store = try await runtime.openStore()
        let session = try await store.createSession(title: "Pending")
        let turn = Task {
            try await events(of: runtime.send("Save it", in: session.key) { _ in
                try? await Task.sleep(for: .seconds(3600))
                return .allowOnce
            })
        }
        let deadline = ContinuousClock.now + .seconds(120)
        while await runtime.pendingApprovals().isEmpty, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(5)) }
        #expect(await runtime.pendingApprovals().map(\.tool.name) == ["memory_save"])

        await runtime.close()

        _ = try? await turn.value
        #expect(await runtime.pendingApprovals().isEmpty)
        let saved = try await fixture.home.withStore(fixture.workspace) { try await $0.listMemory(kind: nil) }
        #expect(saved.isEmpty, "the pending call never ran")
        await #expect(throws: StoreError.closed(fixture.workspace.id)) { try await runtime.openStore() }
    }

    @Test func afterSwitchingAToBToANoCacheHoldsAnythingOfB() async throws {
        let fixture = try await AgentFixture.make("acme")
        let beta = try await fixture.home.createWorkspace("beta")
        try await fixture.home.withStore(beta) { store in
            _ = try await store.addMemory(try memoryDraft("Beta voice", "BETACANARY", kind: .brandVoice, pinned: true))
        }
        let provider = ScriptedProvider()
        let switcher = switcher(fixture, provider)
        for grant in [fixture.workspace.grant, beta.grant, fixture.workspace.grant] {
            _ = try await switcher.switchTo(grant)
            let runtime = try #require(await switcher.current)
            let context = try await runtime.context(for: "voice", in: nil)
            #expect(await runtime.cache.keys.allSatisfy { $0.workspace == grant.workspaceID })
            let text = context.parts.map(\.text).joined()
            #expect(text.contains("BETACANARY") == (grant.workspaceID == beta.id))
        }
        await switcher.close()
    }
}
