import AirlockAgent
import AirlockTestSupport
import Foundation
import Testing

/// Timeouts, retries, dropped connections, cancellation and key hygiene, for both protocols.
@Suite("Provider transport", .timeLimit(.minutes(1)))
struct ProviderTransportTests {
    @Test(arguments: WireProtocol.allCases)
    func stallFailsWithIdleTimeoutAndClosesTheConnection(kind: WireProtocol) async throws {
        // Long enough that a loaded machine still delivers the first chunk before it.
        let (outcome, closed) = try await withFakeServer(kind, idleTimeout: 5) { server, provider in
            server.enqueue(.stall(after: kind.streamStart("Hi")))
            let outcome = await collect(provider.stream(hello))
            return (outcome, await server.waitForConnectionsClosedByClient())
        }
        #expect(outcome.texts == ["Hi"])
        #expect(outcome.providerError == .idleTimeout(seconds: 5))
        #expect(closed)
    }

    @Test(arguments: WireProtocol.allCases)
    func retriesA429AndHonoursRetryAfter(kind: WireProtocol) async throws {
        let started = ContinuousClock.now
        let (outcome, requests) = try await withFakeServer(kind) { server, provider in
            server.enqueue(.status(429, body: "slow down", headers: [("retry-after", "1")]))
            server.enqueue(.sse(kind.textStream(["answer"])))
            return (await collect(provider.stream(hello)), server.requests)
        }
        #expect(outcome.error == nil)
        #expect(outcome.texts == ["answer"])
        #expect(requests.count == 2)
        #expect(requests.allSatisfy { $0.path == kind.path })
        #expect(ContinuousClock.now - started >= .milliseconds(950))
    }

    @Test(arguments: WireProtocol.allCases)
    func givesUpOnRepeated429AfterMaxAttempts(kind: WireProtocol) async throws {
        let (outcome, requests) = try await withFakeServer(kind, maxAttempts: 3) { server, provider in
            for _ in 1...3 { server.enqueue(.status(429, body: "rate limited")) }
            server.enqueue(.sse(kind.textStream(["too late"])))
            return (await collect(provider.stream(hello)), server.requests.count)
        }
        #expect(outcome.events.isEmpty)
        #expect(outcome.providerError == .httpStatus(429, body: "rate limited"))
        #expect(requests == 3)
    }

    @Test(arguments: WireProtocol.allCases)
    func retriesAServerError(kind: WireProtocol) async throws {
        let (outcome, requests) = try await withFakeServer(kind) { server, provider in
            server.enqueue(.status(500, body: "oops"))
            server.enqueue(.status(503))
            server.enqueue(.sse(kind.textStream(["recovered"])))
            return (await collect(provider.stream(hello)), server.requests.count)
        }
        #expect(outcome.error == nil)
        #expect(outcome.texts == ["recovered"])
        #expect(requests == 3)
    }

    @Test(arguments: WireProtocol.allCases)
    func doesNotRetryAClientError(kind: WireProtocol) async throws {
        let (outcome, requests) = try await withFakeServer(kind) { server, provider in
            server.enqueue(.status(400, body: "bad request"))
            server.enqueue(.sse(kind.textStream(["unexpected"])))
            return (await collect(provider.stream(hello)), server.requests.count)
        }
        #expect(outcome.providerError == .httpStatus(400, body: "bad request"))
        #expect(requests == 1)
    }

    @Test(arguments: WireProtocol.allCases)
    func dropMidStreamFailsWithConnectionClosedWithoutRetry(kind: WireProtocol) async throws {
        let (outcome, requests) = try await withFakeServer(kind) { server, provider in
            server.enqueue(.drop(after: kind.streamStart("partial")))
            server.enqueue(.sse(kind.textStream(["second attempt"])))
            return (await collect(provider.stream(hello)), server.requests.count)
        }
        #expect(outcome.texts == ["partial"])
        #expect(outcome.providerError == .connectionClosed)
        #expect(requests == 1)
    }

    @Test(arguments: WireProtocol.allCases)
    func cancellingTheConsumerClosesTheConnection(kind: WireProtocol) async throws {
        let (closed, closedCount) = try await withFakeServer(kind, idleTimeout: 30) { server, provider in
            server.enqueue(.stall(after: kind.streamStart("first")))
            let (firstText, firstTextArrived) = AsyncStream<Void>.makeStream()
            let stream = provider.stream(hello)
            let consumer = Task {
                for try await event in stream {
                    if case .text = event { firstTextArrived.yield() }
                }
            }
            var signals = firstText.makeAsyncIterator()
            await signals.next()
            consumer.cancel()
            let closed = await server.waitForConnectionsClosedByClient(timeout: .seconds(30))
            _ = await consumer.result
            return (closed, server.connectionsClosedByClient)
        }
        #expect(closed)
        #expect(closedCount == 1)
    }

    @Test(arguments: WireProtocol.allCases)
    func errorDescriptionsNeverContainTheAPIKey(kind: WireProtocol) async throws {
        let key = "sk-secret-0123456789"
        let errors = try await withFakeServer(kind, apiKey: key, maxAttempts: 1) { server, provider in
            server.enqueue(.status(401, body: #"{"error":{"message":"Incorrect API key provided: \#(key)"}}"#))
            server.enqueue(.sse(["data: {\"error\":{\"message\":\"bad key \(key)\"}, \"type\":\"error\"}\n\n"]))
            server.enqueue(.sse(["data: not json \(key)\n\n"]))
            var errors: [ProviderError] = []
            for _ in 1...3 {
                let outcome = await collect(provider.stream(hello))
                errors.append(try #require(outcome.providerError))
            }
            return errors
        }
        #expect(errors.count == 3)
        guard case .httpStatus(401, _) = errors[0] else {
            Issue.record("expected HTTP 401, got \(errors[0])")
            return
        }
        for error in errors {
            #expect(!error.description.contains(key))
            #expect(!String(reflecting: error).contains(key))
        }
    }

    @Test(arguments: WireProtocol.allCases)
    func retriesAConnectionClosedBeforeTheAnswer(kind: WireProtocol) async throws {
        let (outcome, requests) = try await withFakeServer(kind) { server, provider in
            server.enqueue(.hangUp)
            server.enqueue(.sse(kind.textStream(["second try"])))
            return (await collect(provider.stream(hello)), server.requests.count)
        }
        #expect(outcome.error == nil)
        #expect(outcome.texts == ["second try"])
        #expect(requests == 2)
    }

    @Test(arguments: WireProtocol.allCases)
    func reportsARefusedConnectionWithoutWaitingForTheConnectTimeout(kind: WireProtocol) async throws {
        let closed = try RefusingPort()
        let baseURL = kind == .openAI ? closed.baseURL + "/v1" : closed.baseURL
        // A connect timeout far beyond the suite's time limit: waiting for it would fail the test.
        let endpoint = ProviderEndpoint(baseURL: baseURL, apiKey: "sk-secret-key", connectTimeout: 600, idleTimeout: 2, maxAttempts: 3, initialBackoff: 0.01)
        let provider = kind.provider(endpoint)
        let outcome = await collect(provider.stream(hello))
        await provider.shutdown()
        guard case .connectFailed(let url, _) = outcome.providerError else {
            Issue.record("expected connectFailed, got \(String(describing: outcome.error))")
            return
        }
        #expect(url.hasPrefix(closed.baseURL))
        #expect(!String(describing: outcome.error).contains("sk-secret-key"))
    }

    @Test func fakeServerAnswers500WhenNothingIsQueued() async throws {
        let outcome = try await withFakeServer(.openAI, maxAttempts: 1) { _, provider in
            await collect(provider.stream(hello))
        }
        guard case .httpStatus(500, let body) = outcome.providerError else {
            Issue.record("expected HTTP 500, got \(String(describing: outcome.error))")
            return
        }
        #expect(body.contains("no response queued"))
    }

    @Test(arguments: WireProtocol.allCases)
    func rejectsABaseURLThatIsNotHTTP(kind: WireProtocol) async {
        let provider = kind.provider(ProviderEndpoint(baseURL: "ftp://example.com", apiKey: nil))
        let outcome = await collect(provider.stream(hello))
        await provider.shutdown()
        guard case .notConfigured = outcome.providerError else {
            Issue.record("expected notConfigured, got \(String(describing: outcome.error))")
            return
        }
    }

    @Test(arguments: WireProtocol.allCases)
    func failsOnALineLongerThanTheLimit(kind: WireProtocol) async throws {
        let outcome = try await withFakeServer(kind) { server, provider in
            let huge = "data: " + String(repeating: "x", count: SSEParser.defaultMaxLineBytes) + "\n\n"
            server.enqueue(.sse(kind.streamStart("before") + [huge] + kind.textStream([]).suffix(2)))
            return await collect(provider.stream(hello))
        }
        #expect(outcome.texts == ["before"])
        guard case .malformedResponse = outcome.providerError else {
            Issue.record("expected malformedResponse, got \(String(describing: outcome.error))")
            return
        }
    }
}
