import AirlockAgent
import AirlockCore
import AirlockStore
import Benchmark
import Foundation

/// Context building and SSE parsing.
func agentBenchmarks() {
    Benchmark("Context build: 1,000-message session, 10k docs, 8k budget", configuration: bounded(.milliseconds, seconds: 10, iterations: 500)) { _, state in
        blackHole(try await state.builder.build(from: state.source, session: state.session, newMessage: "What did we plan for the spring launch budget in 東京?"))
    } setup: {
        try await ContextState(bench: try await BenchHome.open())
    }

    Benchmark("SSE parse: 1 MiB of OpenAI chunks in 1 KiB reads", configuration: bounded(.milliseconds, seconds: 10, iterations: 200)) { _, stream in
        var parser = SSEParser()
        var events = 0
        for chunk in stream.chunks { events += parser.feed(chunk).count }
        events += parser.finish().count
        blackHole(events)
    } setup: {
        SSEStream(bytes: 1 << 20, readSize: 1_024)
    }
}

/// A store of the first switch workspace, its runtime-style cache and one of its 1,000-message sessions.
struct ContextState: Sendable {
    let builder = ContextBuilder(budget: ContextBudget(contextWindow: 12_288, requestTokens: 8_192))
    let source: ContextBuilder.Source
    let session: SessionKey

    init(bench: BenchHome) async throws {
        let store = try await bench.store(BenchHome.switchA)
        source = ContextBuilder.Source(store: store, workspaceName: BenchHome.switchA.rawValue, cache: ComponentCache(workspace: store.workspaceID),
                                       tools: ToolSet.workspaceTools.definitions)
        session = SessionKey(workspace: store.workspaceID, session: try SessionID("s-seed-000099"))
    }
}

/// An OpenAI-compatible completion stream of seeded text, cut into network-sized reads.
struct SSEStream: Sendable {
    let chunks: [[UInt8]]

    init(bytes total: Int, readSize: Int) {
        var text = SeedText(seed: 7)
        var body: [UInt8] = []
        while body.count < total {
            let token = text.word() + " "
            let escaped = token.replacingOccurrences(of: "\"", with: "\\\"")
            body += Array(#"data: {"id":"chatcmpl-1","object":"chat.completion.chunk","model":"bench","choices":[{"index":0,"delta":{"content":"\#(escaped)"},"finish_reason":null}]}"#.utf8)
            body += Array("\n\n".utf8)
        }
        body += Array("data: [DONE]\n\n".utf8)
        chunks = stride(from: 0, to: body.count, by: readSize).map { Array(body[$0..<min($0 + readSize, body.count)]) }
    }
}
