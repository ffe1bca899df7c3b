import AirlockCore
import AirlockTestSupport
import Foundation
import Testing

@Suite("airlock session")
struct SessionCommandTests {
    /// A workspace `acme` with one seeded four-message session (created at
    /// 2026-01-01T00:00:00Z, one message a minute) whose last reply carries escape sequences.
    private struct Seeded {
        let home: CLIHome
        let workspace: TestHome.Workspace
        let session: String

        /// `AIRLOCK_TOKEN` for the seeded workspace.
        var token: [String: String] { ["AIRLOCK_TOKEN": workspace.token.revealed] }

        static let hostileReply = "Try: \u{1B}[31mBold moves\u{1B}[0m \u{1B}]0;PWNED\u{07}"

        init() async throws {
            home = try CLIHome()
            workspace = try await home.test.createWorkspace("acme", name: "Acme")
            let clock = home.test.clock
            session = try await home.test.withStore(workspace) { store in
                let session = try await store.createSession(title: "Launch plan")
                clock.advance(by: 60)
                _ = try await store.appendMessage(MessageDraft(role: .user, content: "Draft a tagline"), to: session.key)
                clock.advance(by: 60)
                _ = try await store.appendMessage(MessageDraft(
                    role: .assistant, content: "Let me check the brand voice.",
                    toolCalls: [ToolCallRecord(id: "call-1", name: "memory_search", arguments: #"{"q":"voice ```"}"#)]
                ), to: session.key)
                clock.advance(by: 60)
                _ = try await store.appendMessage(MessageDraft(
                    role: .tool, content: "1 result",
                    toolResult: ToolResultRecord(callID: "call-1", content: "Warm and direct.", isError: false)
                ), to: session.key)
                clock.advance(by: 60)
                _ = try await store.appendMessage(MessageDraft(role: .assistant, content: Self.hostileReply, tokenCount: 12), to: session.key)
                return session.key.session.rawValue
            }
        }

        /// The session as Markdown, exactly as exported.
        var markdown: String {
            """
            # Launch plan

            Session `\(session)` · 4 messages · started 2026-01-01T00:00:00Z

            ## 1. user · 2026-01-01T00:01:00Z

            Draft a tagline

            ## 2. assistant · 2026-01-01T00:02:00Z

            Let me check the brand voice.

            Tool call `call-1`: `memory_search`
            ````json
            {"q":"voice ```"}
            ````

            ## 3. tool · 2026-01-01T00:03:00Z

            1 result

            Tool result for `call-1`:
            ```text
            Warm and direct.
            ```

            ## 4. assistant · 2026-01-01T00:04:00Z

            \(Self.hostileReply)

            """
        }

        func run(_ arguments: [String]) async throws -> AirlockProcess.Result {
            try await home.run(arguments, environment: token)
        }
    }

    /// Checks the JSON export of the seeded session.
    private func expectSeededTranscript(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let document = try jsonObject(text, sourceLocation: sourceLocation)
        #expect(keys(document) == ["messages", "session"], sourceLocation: sourceLocation)
        let session = try #require(document["session"] as? [String: Any], sourceLocation: sourceLocation)
        #expect(keys(session) == ["created_at", "id", "message_count", "title", "updated_at"], sourceLocation: sourceLocation)
        #expect(session["title"] as? String == "Launch plan", sourceLocation: sourceLocation)
        #expect(session["message_count"] as? Int == 4, sourceLocation: sourceLocation)
        #expect(session["created_at"] as? String == "2026-01-01T00:00:00Z", sourceLocation: sourceLocation)
        #expect(session["updated_at"] as? String == "2026-01-01T00:04:00Z", sourceLocation: sourceLocation)

        let messages = try #require(document["messages"] as? [[String: Any]], sourceLocation: sourceLocation)
        try #require(messages.count == 4, sourceLocation: sourceLocation)
        #expect(messages.map { $0["seq"] as? Int } == [1, 2, 3, 4], sourceLocation: sourceLocation)
        #expect(messages.map { $0["role"] as? String } == ["user", "assistant", "tool", "assistant"], sourceLocation: sourceLocation)
        #expect(messages.map { $0["content"] as? String } == ["Draft a tagline", "Let me check the brand voice.", "1 result", Seeded.hostileReply],
                sourceLocation: sourceLocation)
        #expect(messages.map { $0["created_at"] as? String } == ["2026-01-01T00:01:00Z", "2026-01-01T00:02:00Z", "2026-01-01T00:03:00Z", "2026-01-01T00:04:00Z"],
                sourceLocation: sourceLocation)
        let call = try #require((messages[1]["tool_calls"] as? [[String: Any]])?.first, sourceLocation: sourceLocation)
        #expect(call["id"] as? String == "call-1", sourceLocation: sourceLocation)
        #expect(call["name"] as? String == "memory_search", sourceLocation: sourceLocation)
        #expect(call["arguments"] as? String == #"{"q":"voice ```"}"#, sourceLocation: sourceLocation)
        let result = try #require(messages[2]["tool_result"] as? [String: Any], sourceLocation: sourceLocation)
        #expect(keys(result) == ["call_id", "content", "is_error"], sourceLocation: sourceLocation)
        #expect(result["call_id"] as? String == "call-1", sourceLocation: sourceLocation)
        #expect(result["content"] as? String == "Warm and direct.", sourceLocation: sourceLocation)
        #expect(result["is_error"] as? Bool == false, sourceLocation: sourceLocation)
        #expect(messages[3]["token_count"] as? Int == 12, sourceLocation: sourceLocation)
        #expect(!containsTerminalControl(text), sourceLocation: sourceLocation)
    }

    // MARK: - list

    @Test func listShowsSessionsMostRecentFirst() async throws {
        let seeded = try await Seeded()
        seeded.home.test.clock.advance(by: 3600)
        let later = try await seeded.home.test.withStore(seeded.workspace) { store in
            try await store.createSession(title: "Later chat").key.session.rawValue
        }

        let json = await try seeded.run(["session", "list", "--workspace", "acme", "--json"])
        expectSuccess(json)
        let sessions = try jsonArray(json.stdout)
        #expect(sessions.map { $0["id"] as? String } == [later, seeded.session])
        #expect(sessions.map { $0["message_count"] as? Int } == [0, 4])
        #expect(sessions.map { $0["title"] as? String } == ["Later chat", "Launch plan"])

        let human = await try seeded.run(["session", "list", "--workspace", "acme"])
        expectSuccess(human)
        let idWidth = max(later.count, seeded.session.count)
        func padded(_ text: String) -> String { text.padding(toLength: idWidth, withPad: " ", startingAt: 0) }
        #expect(human.stdout == """
            \(padded("ID"))  MESSAGES  UPDATED               TITLE
            \(padded(later))  0         2026-01-01T01:04:00Z  Later chat
            \(padded(seeded.session))  4         2026-01-01T00:04:00Z  Launch plan

            """)
    }

    @Test func listOfWorkspaceWithoutSessionsSaysSo() async throws {
        let home = try CLIHome()
        await try home.createWorkspace("Acme", id: "acme")
        let human = try await home.run(["session", "list", "--workspace", "acme"])
        expectSuccess(human)
        #expect(human.stdout == "No sessions.\n")
        let json = try await home.run(["session", "list", "--workspace", "acme", "--json"])
        expectSuccess(json)
        #expect(try jsonArray(json.stdout).isEmpty)
    }

    // MARK: - show

    @Test func showPrintsTranscriptWithControlCharactersMadeVisible() async throws {
        let seeded = try await Seeded()
        let result = await try seeded.run(["session", "show", "--workspace", "acme", seeded.session])

        expectSuccess(result)
        #expect(!containsTerminalControl(result.stdout))
        #expect(result.stdout == TerminalText.sanitized(seeded.markdown))
        #expect(result.stdout.contains("Try: \u{241B}[31mBold moves\u{241B}[0m \u{241B}]0;PWNED\u{2407}\n"))
    }

    @Test func showLastAndJSON() async throws {
        let seeded = try await Seeded()
        let json = await try seeded.run(["session", "show", "--workspace", "acme", seeded.session, "--json"])
        expectSuccess(json)
        try expectSeededTranscript(json.stdout)

        let last = await try seeded.run(["session", "show", "--workspace", "acme", seeded.session, "--last", "1", "--json"])
        expectSuccess(last)
        let messages = try #require(try jsonObject(last.stdout)["messages"] as? [[String: Any]])
        #expect(messages.map { $0["seq"] as? Int } == [4])
        #expect(messages.first?["content"] as? String == Seeded.hostileReply)
    }

    @Test func showOfUnknownSessionFails() async throws {
        let seeded = try await Seeded()
        await expectFailure(try seeded.run(["session", "show", "--workspace", "acme", "s-missing"]), "no session s-missing in this workspace")
        await expectFailure(try seeded.run(["session", "export", "--workspace", "acme", "s-missing"]), "no session s-missing in this workspace")
    }

    // MARK: - export

    @Test func exportMarkdownToFileIsExact() async throws {
        let seeded = try await Seeded()
        let output = seeded.home.test.directory.appending("launch.md")

        let result = await try seeded.run(["session", "export", "--workspace", "acme", seeded.session, "--output", output])

        expectSuccess(result)
        #expect(result.stdout == "")
        let written = try #require(FileManager.default.contents(atPath: output))
        #expect(String(decoding: written, as: UTF8.self) == seeded.markdown)
    }

    @Test func exportJSONToFileParsesWithEveryMessage() async throws {
        let seeded = try await Seeded()
        let output = seeded.home.test.directory.appending("launch.json")

        let result = await try seeded.run(["session", "export", "--workspace", "acme", seeded.session, "--format", "json", "--output", output])

        expectSuccess(result)
        #expect(result.stdout == "")
        let written = String(decoding: try #require(FileManager.default.contents(atPath: output)), as: UTF8.self)
        #expect(written.hasSuffix("}\n"))
        try expectSeededTranscript(written)
    }

    @Test func exportToPipedStdoutIsExact() async throws {
        let seeded = try await Seeded()

        let markdown = await try seeded.run(["session", "export", "--workspace", "acme", seeded.session])
        expectSuccess(markdown)
        #expect(markdown.stdout == seeded.markdown)

        let json = await try seeded.run(["session", "export", "--workspace", "acme", seeded.session, "--format", "json"])
        expectSuccess(json)
        try expectSeededTranscript(json.stdout)
        let file = seeded.home.test.directory.appending("same.json")
        await expectSuccess(try seeded.run(["session", "export", "--workspace", "acme", seeded.session, "--format", "json", "--output", file]))
        #expect(FileManager.default.contents(atPath: file) == Data(json.stdout.utf8))
    }

    @Test func exportToARelativePathLandsInTheWorkingDirectoryPrivately() async throws {
        let seeded = try await Seeded()
        let folder = seeded.home.test.directory.appending("exports")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)

        let result = await try seeded.home.run(
            ["session", "export", "--workspace", "acme", seeded.session, "--output", "launch.md"],
            environment: seeded.token, directory: folder
        )

        expectSuccess(result)
        #expect(FileManager.default.contents(atPath: folder + "/launch.md") == Data(seeded.markdown.utf8))
        #expect(try permissions(of: folder + "/launch.md") == 0o600)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["launch.md"], "no temporary file is left behind")
    }

    @Test func exportReplacesAnExistingFileCompletely() async throws {
        let seeded = try await Seeded()
        let output = seeded.home.test.directory.appending("existing.md")
        try Data(String(repeating: "stale content that is longer than the export\n", count: 200).utf8).write(to: URL(fileURLWithPath: output))

        await expectSuccess(try seeded.run(["session", "export", "--workspace", "acme", seeded.session, "--output", output]))

        #expect(FileManager.default.contents(atPath: output) == Data(seeded.markdown.utf8))
    }

    @Test func exportToUnwritablePathFailsOnOneLine() async throws {
        let seeded = try await Seeded()
        let output = seeded.home.test.directory.appending("no-such-folder/out.md")

        let result = await try seeded.run(["session", "export", "--workspace", "acme", seeded.session, "--output", output])

        expectOneLineFailure(result)
        #expect(result.stderr.hasPrefix("airlock: cannot write \"\(output)\": "))
        #expect(!FileManager.default.fileExists(atPath: seeded.home.test.directory.appending("no-such-folder")))
    }

    @Test func exportRejectsUnknownFormat() async throws {
        let seeded = try await Seeded()
        let result = await try seeded.run(["session", "export", "--workspace", "acme", seeded.session, "--format", "pdf"])
        expectOneLineFailure(result)
        #expect(result.stderr.contains("pdf"))
    }
}
