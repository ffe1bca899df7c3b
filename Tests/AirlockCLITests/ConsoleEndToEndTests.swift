import AirlockTestSupport
import Foundation
import Testing

/// The console as an analyst uses it: the real binary in tmux, talking to the scripted
/// model server.
@Suite("airlock console in tmux", .serialized)
struct ConsoleEndToEndTests {
    /// A home, a scripted model server, and the console running against both.
    private struct Console {
        let home: CLIHome
        let server: FakeModelServer
        let tmux: TmuxSession

        static func start(_ home: CLIHome, editor: String = "true", width: Int = 120, height: Int = 36) async throws -> Console {
            let server = try await FakeModelServer.start()
            let environment = home.environment.merging([
                "AIRLOCK_PROVIDER": "openai", "OPENAI_BASE_URL": server.baseURL + "/v1", "OPENAI_API_KEY": "sk-console",
                "AIRLOCK_MODEL": "fake-model", "EDITOR": editor,
            ]) { $1 }
            let tmux = try TmuxSession([AirlockProcess.executable], environment: environment, width: width, height: height)
            return Console(home: home, server: server, tmux: tmux)
        }

        func expectScreen(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) async throws {
            let result = try await tmux.waitFor(text)
            #expect(result.met, "never showed \(text):\n\(result.screen)", sourceLocation: sourceLocation)
        }

        func send(_ message: String) throws {
            try tmux.type(message)
            try tmux.press("Enter")
        }

        func stop() async throws {
            try tmux.press("C-q")
            #expect(try await tmux.waitForExit(), "Ctrl+Q quits")
            try await server.shutdown()
        }
    }

    @Test func aFirstRunCreatesAWorkspaceAndChatsWithAStreamedReply() async throws {
        let home = try CLIHome()
        let console = try await Console.start(home)
        try await console.expectScreen("Name your first client workspace")
        try console.send("Acme Corp")
        try await console.expectScreen("Workspace Acme Corp created")
        let token = try #require(try await home.keyringToken(for: "acme-corp"), "the token is saved in the keyring")
        #expect(try await console.tmux.screen().contains(token), "and shown once")
        try console.tmux.press("Enter")
        try await console.expectScreen("Ask the agent about Acme Corp")

        console.server.enqueue(.sse(FakeSSE.openAIText(["Hello ", "from the ", "fake model."]), delay: .milliseconds(30)))
        try console.send("Hi there")
        try await console.expectScreen("Hello from the fake model.")
        #expect(try await console.tmux.screen().contains("You · "))
        try await console.stop()
        let sessions = try jsonArray(try await home.run(["session", "list", "--json", "--workspace", "acme-corp"]).stdout)
        #expect(sessions.first?["message_count"] as? Int == 2, "the exchange was saved")
    }

    @Test func toolCallsAreApprovedOrDeniedInTheDialog() async throws {
        let home = try CLIHome()
        try await home.createWorkspace("Acme", id: "acme")
        _ = try await home.run(["memory", "add", "--workspace", "acme", "--kind", "campaign", "--title", "Spring tagline", "--body", "Fresh Start"])
        let console = try await Console.start(home)
        try await console.expectScreen("Ask the agent about Acme")

        console.server.enqueue(.sse(FakeSSE.openAIToolCall(id: "c1", name: "memory_search", argumentPieces: ["{\"query\":", "\"tagline\"}"])))
        console.server.enqueue(.sse(FakeSSE.openAIText(["The tagline is Fresh Start."])))
        try console.send("What is our tagline?")
        try await console.expectScreen("Tool call needs your approval")
        let dialog = try console.tmux.screen()
        #expect(dialog.contains("memory_search · read-only"))
        #expect(dialog.contains("Leaves this machine: nothing"))
        #expect(dialog.contains("● Acme"), "the workspace stays visible in the dialog")
        try console.tmux.press("a")
        try await console.expectScreen("The tagline is Fresh Start.")

        console.server.enqueue(.sse(FakeSSE.openAIToolCall(id: "c2", name: "memory_save", argumentPieces: ["{\"kind\":\"note\",\"title\":\"x\",\"body\":\"y\"}"])))
        console.server.enqueue(.sse(FakeSSE.openAIText(["I did not save it."])))
        try console.send("Save a note")
        try await console.expectScreen("writes-workspace")
        try console.tmux.press("d")
        try await console.expectScreen("I did not save it.")
        try await console.stop()
        let memory = try jsonArray(try await home.run(["memory", "list", "--json", "--workspace", "acme"]).stdout)
        #expect(memory.count == 1, "the denied call saved nothing")
    }

    @Test func theMemoryBrowserSearchesAsYouType() async throws {
        let home = try CLIHome()
        try await home.createWorkspace("Acme", id: "acme")
        _ = try await home.run(["memory", "add", "--workspace", "acme", "--kind", "brand_voice", "--title", "Brand voice", "--body", "Warm and direct", "--pinned"])
        _ = try await home.run(["memory", "add", "--workspace", "acme", "--kind", "campaign", "--title", "Tokyo launch", "--body", "東京 in March"])
        let console = try await Console.start(home)
        try await console.expectScreen("Ask the agent about Acme")
        try console.tmux.press("F3")
        try await console.expectScreen("Tokyo launch")
        try await console.expectScreen("Brand voice")
        try console.tmux.type("tok")
        let filtered = try await console.tmux.waitFor { $0.contains("Tokyo launch") && !$0.contains("Brand voice") }
        #expect(filtered.met, "only the match is listed:\n\(filtered.screen)")
        #expect(filtered.screen.contains("東京 in March"), "the preview shows the selected document")
        try await console.stop()
    }

    @Test func aNewMemoryIsWrittenInTheEditorWithTheScreenRestoredAfterwards() async throws {
        let home = try CLIHome()
        try await home.createWorkspace("Acme", id: "acme")
        let editor = home.test.directory.appending("editor.sh")
        let script = "#!/bin/sh\nprintf 'title: Written in the editor\\nkind: persona\\ntags: buyer\\npinned: yes\\n---\\nA budget-minded buyer.\\n' > \"$1\"\n"
        try Data(script.utf8).write(to: URL(fileURLWithPath: editor))
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: editor)
        let console = try await Console.start(home, editor: editor)
        try await console.expectScreen("Ask the agent about Acme")
        try console.tmux.press("F3")
        try await console.expectScreen("No memory yet")
        try console.tmux.press("C-o")
        try await console.expectScreen("Written in the editor")
        try await console.expectScreen("A budget-minded buyer.")
        #expect(try console.tmux.screen().contains("f1 help"), "the console is drawn again")
        try await console.stop()
        let saved = try jsonArray(try await home.run(["memory", "list", "--json", "--workspace", "acme"]).stdout)
        #expect(saved.first?["title"] as? String == "Written in the editor")
        #expect(saved.first?["pinned"] as? Bool == true)
    }

    @Test func integrationsAreAddedAndConnectedWithoutTheSecretEverShowing() async throws {
        let home = try CLIHome()
        try await home.createWorkspace("Acme", id: "acme")
        let console = try await Console.start(home)
        try await console.expectScreen("Ask the agent about Acme")
        try console.tmux.press("F6")
        try await console.expectScreen("No integrations yet")
        try console.tmux.press("C-o")
        try await console.expectScreen("Add: ID --kind KIND")
        try console.send("ads --kind http --base-url https://ads.example.com/api --name Ads-API")
        try await console.expectScreen("○ not connected")
        try console.tmux.press("Enter")
        try await console.expectScreen("Paste the access token of Ads-API")
        let secret = "sk-live-" + Canary.make("tui")
        try console.send(secret)
        try await console.expectScreen("● connected")
        let screen = try console.tmux.screen()
        #expect(!screen.contains(secret) && !screen.contains(String(secret.prefix(12))), "the secret never shows")
        #expect(screen.contains("access token …\(secret.suffix(4))"))
        try await console.stop()
        let listed = try jsonArray(try await home.run(["integration", "list", "--json", "--workspace", "acme"]).stdout)
        #expect(listed.first?["connected"] as? Bool == true)
    }

    @Test func switchingLeavesNothingOfTheOldWorkspaceOnScreenAndResizingRelaysTheScreen() async throws {
        let home = try CLIHome()
        try await home.createWorkspace("Acme", id: "acme")
        try await home.createWorkspace("Globex", id: "globex")
        let console = try await Console.start(home)
        try await console.expectScreen("Ask the agent about Acme")
        console.server.enqueue(.sse(FakeSSE.openAIText(["Acme plan ACMECANARY ready."])))
        try console.send("Our plan?")
        try await console.expectScreen("ACMECANARY")

        try console.tmux.press("M-2")
        let switched = try await console.tmux.waitFor { $0.contains("Ask the agent about Globex") }
        #expect(switched.met, "Globex opened:\n\(switched.screen)")
        #expect(!switched.screen.contains("ACMECANARY"), "nothing of Acme remains")
        #expect(!switched.screen.contains("Our plan?"))
        #expect(switched.screen.contains("airlock"), "the status bar reports the pass through the airlock")

        try console.tmux.resize(width: 84, height: 26)
        let resized = try await console.tmux.waitFor { screen in
            let lines = screen.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.isEmpty }
            return lines.count == 26 && lines.last?.contains("Globex") == true && lines.allSatisfy { $0.count <= 84 }
        }
        #expect(resized.met, "the screen is laid out anew at 84×26:\n\(resized.screen)")
        try await console.stop()
    }

    @Test func escapeSequencesFromMemoryAndTheModelNeverReachTheTerminal() async throws {
        let home = try CLIHome()
        try await home.createWorkspace("Acme", id: "acme")
        let hostile = "title \u{1B}]0;PWNED\u{07} clear \u{1B}[2J red \u{1B}[31m c1 \u{9B}31m end"
        _ = try await home.run(["memory", "add", "--workspace", "acme", "--kind", "note", "--title", "Hostile note", "--body", hostile])
        let console = try await Console.start(home)
        try await console.expectScreen("Ask the agent about Acme")
        let titleBefore = try console.tmux.title()
        console.server.enqueue(.sse(FakeSSE.openAIText(["model says ", hostile])))
        try console.send("Go")
        try await console.expectScreen("model says title ␛]0;PWNED␇ clear ␛[2J")
        try console.tmux.press("F3")
        try await console.expectScreen("Hostile note")
        try await console.expectScreen("title ␛]0;PWNED␇")
        let screen = try console.tmux.screen()
        #expect(try console.tmux.title() == titleBefore, "the window title is untouched")
        let title = try console.tmux.title()
        #expect(!title.contains("PWNED"))
        #expect(screen.contains("Memory") && screen.contains("f1 help"), "the screen was not cleared")
        try await console.stop()
    }
}
