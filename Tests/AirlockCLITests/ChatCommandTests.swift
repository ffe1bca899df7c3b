import AirlockCore
import AirlockTestSupport
import Foundation
import Testing

@Suite("airlock chat and airlock context")
struct ChatCommandTests {
    /// A CLI home with workspace `acme` and a fake OpenAI-compatible server configured
    /// through the environment.
    private struct Chat {
        let home: CLIHome
        let server: FakeModelServer

        static func make() async throws -> Chat {
            let home = try CLIHome()
            await try home.createWorkspace("Acme", id: "acme")
            return Chat(home: home, server: try await FakeModelServer.start())
        }

        var environment: [String: String] {
            ["AIRLOCK_PROVIDER": "openai", "OPENAI_BASE_URL": server.baseURL + "/v1", "OPENAI_API_KEY": "sk-cli-test", "AIRLOCK_MODEL": "fake-model"]
        }

        func run(_ arguments: [String], environment extra: [String: String] = [:]) async throws -> AirlockProcess.Result {
            try await home.run(arguments, environment: environment.merging(extra) { $1 })
        }

        func sessionID(from result: AirlockProcess.Result) throws -> String {
            let line = try #require(result.stderr.split(separator: "\n").last { $0.hasPrefix("session ") })
            return String(line.dropFirst("session ".count))
        }
    }

    @Test func chatStreamsTheAnswerSanitizedAndSavesTheSession() async throws {
        let chat = try await Chat.make()
        chat.server.enqueue(.sse(FakeSSE.openAIText(["Hello ", "from \u{1B}]0;PWNED\u{07}", " the model."])))

        let result = await try chat.run(["chat", "--workspace", "acme", "Say", "hello"])

        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stdout == "Hello from ␛]0;PWNED␇ the model.\n")
        #expect(!containsTerminalControl(result.stdout))
        let session = try chat.sessionID(from: result)
        let shown = await try chat.run(["session", "show", session, "--json", "--workspace", "acme"])
        let messages = try #require(try jsonObject(shown.stdout)["messages"] as? [[String: Any]])
        #expect(messages.compactMap { $0["role"] as? String } == ["user", "assistant"])
        #expect(messages.first?["content"] as? String == "Say hello")
        let request = try jsonObject(try #require(chat.server.requests.first).bodyText)
        #expect(request["model"] as? String == "fake-model")
        #expect(try #require(chat.server.requests.first).header("authorization") == "Bearer sk-cli-test")
        try await chat.server.shutdown()
    }

    @Test func chatContinuesASessionWithItsHistory() async throws {
        let chat = try await Chat.make()
        chat.server.enqueue(.sse(FakeSSE.openAIText(["First answer."])))
        chat.server.enqueue(.sse(FakeSSE.openAIText(["Second answer."])))
        let first = await try chat.run(["chat", "--workspace", "acme", "First question"])
        let session = try chat.sessionID(from: first)

        let second = await try chat.run(["chat", "--workspace", "acme", "--session", session, "Second question"])

        #expect(second.status == 0, "stderr: \(second.stderr)")
        #expect(try chat.sessionID(from: second) == session)
        let body = try #require(chat.server.requests.last).bodyText
        #expect(body.contains("First question") && body.contains("First answer.") && body.contains("Second question"))
        try await chat.server.shutdown()
    }

    @Test func approveReadOnlyRunsReadOnlyToolsAndRefusesSideEffects() async throws {
        let chat = try await Chat.make()
        let add = await try chat.run(["memory", "add", "--workspace", "acme", "--kind", "campaign", "--title", "Spring", "--body", "Tagline Fresh Start"])
        #expect(add.status == 0)
        chat.server.enqueue(.sse(FakeSSE.openAIToolCall(id: "c1", name: "memory_search", argumentPieces: ["{\"query\":", "\"tagline\"}"])))
        chat.server.enqueue(.sse(FakeSSE.openAIToolCall(id: "c2", name: "memory_save", argumentPieces: ["{\"kind\":\"note\",\"title\":\"t\",\"body\":\"b\"}"])))
        chat.server.enqueue(.sse(FakeSSE.openAIText(["Done."])))

        let result = await try chat.run(["chat", "--workspace", "acme", "--approve", "read-only", "Find the tagline and save a note"])

        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stderr.contains("[memory_search: allowed]"))
        #expect(result.stderr.contains("[memory_save: not run]"))
        let listed = await try jsonArray(try chat.run(["memory", "list", "--json", "--workspace", "acme"]).stdout)
        #expect(listed.count == 1, "the note was not saved")
        #expect(chat.server.requests[1].bodyText.contains("Fresh Start"), "the search result reached the model")
        try await chat.server.shutdown()
    }

    @Test func contextShowsWhatWouldBeSentWithoutCallingTheModel() async throws {
        let chat = try await Chat.make()
        _ = await try chat.run(["memory", "add", "--workspace", "acme", "--kind", "brand_voice", "--title", "Voice", "--body", "Warm and direct", "--pinned"])
        _ = await try chat.run(["memory", "add", "--workspace", "acme", "--kind", "campaign", "--title", "Spring", "--body", "Launch in March"])

        let result = await try chat.run(["context", "--workspace", "acme", "--json", "Plan", "the", "spring", "launch"])

        #expect(result.status == 0, "stderr: \(result.stderr)")
        let document = try jsonObject(result.stdout)
        let parts = try #require(document["parts"] as? [[String: Any]])
        let sources = parts.compactMap { $0["source"] as? String }
        #expect(sources.first == "instructions")
        #expect(sources.contains { $0.hasPrefix("pinned memory m-") })
        #expect(sources.contains { $0.hasPrefix("retrieved memory m-") })
        #expect(sources.last == "new message")
        #expect(parts.allSatisfy { ($0["tokens"] as? Int ?? 0) > 0 })
        #expect(document["model"] as? String == "fake-model")
        #expect(chat.server.requests.isEmpty, "nothing was sent to a model")
        let human = await try chat.run(["context", "--workspace", "acme", "Plan the spring launch"])
        #expect(human.stdout.contains("── pinned memory m-"))
        #expect(human.stdout.contains("Warm and direct"))
        try await chat.server.shutdown()
    }

    @Test func theConfigurationFileSelectsTheProvider() async throws {
        let chat = try await Chat.make()
        let folder = chat.home.configDirectory + "/airlock"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let config = "{\"provider\": \"openai\", \"base_url\": \"\(chat.server.baseURL)/v1\", \"model\": \"from-file\", \"api_key_env\": \"MY_KEY\"}"
        try Data(config.utf8).write(to: URL(fileURLWithPath: folder + "/config.json"))
        chat.server.enqueue(.sse(FakeSSE.openAIText(["Configured."])))

        let result = await try chat.home.run(["chat", "--workspace", "acme", "Hi"], environment: ["MY_KEY": "sk-file"])

        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stdout == "Configured.\n")
        #expect(try jsonObject(try #require(chat.server.requests.first).bodyText)["model"] as? String == "from-file")
        #expect(try #require(chat.server.requests.first).header("authorization") == "Bearer sk-file")
        try await chat.server.shutdown()
    }

    @Test func badConfigurationIsOneClearLine() async throws {
        let chat = try await Chat.make()
        let folder = chat.home.configDirectory + "/airlock"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Data("{\"provider\": 3}".utf8).write(to: URL(fileURLWithPath: folder + "/config.json"))
        let malformed = await try chat.home.run(["chat", "--workspace", "acme", "Hi"])
        expectFailure(malformed, "cannot use the configuration \"\(folder)/config.json\": provider has the wrong type")

        try FileManager.default.removeItem(atPath: folder + "/config.json")
        await expectFailure(try chat.home.run(["chat", "--workspace", "acme", "Hi"], environment: ["AIRLOCK_PROVIDER": "gemini"]),
                      "unknown provider \"gemini\"; use local, openai or anthropic")
        await expectFailure(try chat.home.run(["chat", "--workspace", "acme", "Hi"], environment: ["AIRLOCK_PROVIDER": "anthropic"]),
                      "the anthropic provider needs an API key; set ANTHROPIC_API_KEY")
        #expect(chat.server.requests.isEmpty)
        try await chat.server.shutdown()
    }

    @Test func aFailingModelServerIsOneLineAndKeepsTheQuestion() async throws {
        let chat = try await Chat.make()
        for _ in 0..<3 { chat.server.enqueue(.status(503, body: "overloaded")) }
        let result = await try chat.run(["chat", "--workspace", "acme", "Hello?"])
        #expect(result.status == 1)
        #expect(result.stderr.hasSuffix("airlock: the model server answered HTTP 503: overloaded\n"))
        #expect(!result.stderr.contains("sk-cli-test"), "the key is never printed")
        let sessions = await try jsonArray(try chat.run(["session", "list", "--json", "--workspace", "acme"]).stdout)
        #expect(sessions.first?["message_count"] as? Int == 1, "the question is kept")
        try await chat.server.shutdown()
    }
}

@Suite("airlock chat interrupted")
struct ChatInterruptionTests {
    @Test func ctrlCStopsTheAnswerClosesTheConnectionAndKeepsWhatArrived() async throws {
        let home = try CLIHome()
        await try home.createWorkspace("Acme", id: "acme")
        let server = try await FakeModelServer.start()
        server.enqueue(.stall(after: [FakeSSE.openAIChunk(delta: ["content": "Partial answer"])]))
        let environment = home.environment.merging(["AIRLOCK_PROVIDER": "openai", "OPENAI_BASE_URL": server.baseURL + "/v1", "OPENAI_API_KEY": "sk-x"]) { $1 }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: AirlockProcess.executable)
        process.arguments = ["chat", "--workspace", "acme", "Tell me everything"]
        process.environment = environment
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        var printed = Data()
        while !String(decoding: printed, as: UTF8.self).contains("Partial answer") {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            printed += chunk
        }
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()

        #expect(process.terminationStatus == 130)
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(stderr.hasSuffix("airlock: interrupted\n"))
        printed += output.fileHandleForReading.readDataToEndOfFile()
        #expect(String(decoding: printed, as: UTF8.self) == "Partial answer")
        #expect(await server.waitForConnectionsClosedByClient(1), "the model request was cancelled")
        let sessions = await try jsonArray(try home.run(["session", "list", "--json", "--workspace", "acme"]).stdout)
        let session = try #require(sessions.first?["id"] as? String)
        let shown = await try jsonObject(try home.run(["session", "show", session, "--json", "--workspace", "acme"]).stdout)
        let contents = try #require(shown["messages"] as? [[String: Any]]).compactMap { $0["content"] as? String }
        #expect(contents == ["Tell me everything", "Partial answer\n\n[interrupted]"])
        try await server.shutdown()
    }
}
