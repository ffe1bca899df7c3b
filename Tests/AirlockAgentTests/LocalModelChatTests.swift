import AirlockAgent
import AirlockCore
import AirlockTestSupport
import Foundation
import Testing

/// The embedded default, for real: SmolLM2-135M through llama-cpp-python, reached through
/// the same configuration, provider and agent loop as any other model.
@Suite("Local model chat")
struct LocalModelChatTests {
    @Test(.timeLimit(.minutes(3)))
    func aStreamedAnswerFromTheLocalModelArrivesAndIsSaved() async throws {
        let fixture = try await AgentFixture.make()
        var environment = ProcessInfo.processInfo.environment.filter { !["AIRLOCK_PROVIDER", "AIRLOCK_MODEL"].contains($0.key) }
        environment["XDG_CONFIG_HOME"] = fixture.home.directory.appending("config")
        let paths = LocalModelPaths(environment: environment)
        try #require(LocalModelStatus(paths: paths).isInstalled, "the local model is not installed in \(paths.root.path): run `make model` first")
        let configuration = try AirlockConfiguration.load(environment: environment)
        #expect(configuration.provider == ProviderKind.local, "no configuration means the embedded default")

        let connection = try await ModelConnection.open(configuration, environment: environment)
        let runtime = try await fixture.runtime(connection.provider)
        let store = try await runtime.openStore()
        _ = try await store.addMemory(try memoryDraft("Brand voice", "Friendly and short.", kind: .brandVoice, pinned: true))
        let session = try await store.createSession(title: "Hello")

        var deltas = 0
        var answer = ""
        var requestTools: [ModelTool]?
        for try await event in await runtime.send("Say hello to our customers in one sentence.", in: session.key, approvals: RecordingApprover(.deny).handler) {
            switch event {
            case .text(let delta):
                deltas += 1
                answer += delta
            case .contextBuilt(let context):
                requestTools = context.request.tools
            default:
                break
            }
        }
        await runtime.close()
        await connection.close()

        #expect(deltas > 1, "the answer was streamed in pieces")
        #expect(!answer.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty)
        #expect(requestTools == [], "the small local model is offered no tools")
        let saved = try await fixture.home.withStore(fixture.workspace) { try await $0.transcript(session.key, lastMessages: nil).messages }
        #expect(saved.map(\.role) == [MessageRole.user, .assistant])
        #expect(saved.last?.content == answer)
    }
}
