import AsyncHTTPClient
import NIOCore
import NIOHTTP1

/// One streamed request with its retries, feeding a stream continuation.
struct StreamingCall: Sendable {
    typealias Continuation = AsyncThrowingStream<ModelEvent, any Error>.Continuation

    /// A failed attempt: the error, whether another attempt may help, and the server's
    /// `Retry-After` seconds, if any.
    private struct AttemptFailure: Error {
        let error: ProviderError
        let retryable: Bool
        var retryAfter: Double?

        /// A failure that is retryable when it is an HTTP 429 or 5xx.
        init(_ error: ProviderError, retryAfter: Double? = nil) {
            self.error = error
            if case .httpStatus(let status, _) = error { retryable = RetryPolicy.isRetryable(status: status) } else { retryable = false }
            self.retryAfter = retryAfter
        }

        init(transport: (error: ProviderError, retryable: Bool)) {
            error = transport.error
            retryable = transport.retryable
        }
    }

    let client: HTTPClient
    let endpoint: ProviderEndpoint
    let request: HTTPClientRequest
    let displayURL: String
    let continuation: Continuation

    /// Runs attempts until one succeeds, fails for good, or the task is cancelled, then
    /// finishes the stream.
    func run(decoder: some ModelStreamDecoder) async {
        let policy = RetryPolicy(maxAttempts: max(1, endpoint.maxAttempts), initialBackoff: endpoint.initialBackoff)
        var attempt = 1
        while true {
            var yielded = false
            do {
                try await self.attempt(decoder: decoder, yielded: &yielded)
                continuation.finish()
                return
            } catch let failure as AttemptFailure {
                guard !yielded, attempt < policy.maxAttempts, failure.retryable else {
                    continuation.finish(throwing: failure.error.redacting(endpoint.apiKey))
                    return
                }
                do {
                    try await Task.sleep(for: .seconds(policy.delay(afterAttempt: attempt, retryAfter: failure.retryAfter)))
                } catch {
                    continuation.finish(throwing: error)
                    return
                }
                attempt += 1
            } catch {
                continuation.finish(throwing: error)
                return
            }
        }
    }

    /// One attempt. Throws `AttemptFailure`, or `CancellationError` when cancelled.
    private func attempt(decoder: some ModelStreamDecoder, yielded: inout Bool) async throws {
        let headDeadline = NIODeadline.now() + StreamingHTTP.timeAmount(endpoint.connectTimeout + endpoint.idleTimeout)
        let response: HTTPClientResponse
        do {
            response = try await client.execute(request, deadline: headDeadline)
        } catch {
            throw AttemptFailure(transport: try transportError(error, beforeHead: true))
        }
        guard (200..<300).contains(response.status.code) else {
            throw AttemptFailure(
                .httpStatus(Int(response.status.code), body: await Self.prefix(of: response.body)),
                retryAfter: response.headers.first(name: "retry-after").flatMap(Double.init).map { max(0, $0) })
        }
        do {
            try await consume(response.body, decoder: decoder, yielded: &yielded)
        } catch let error as ProviderError {
            throw AttemptFailure(error)
        } catch {
            throw AttemptFailure(transport: try transportError(error, beforeHead: false))
        }
    }

    /// Streams the body through the SSE parser and the decoder, yielding model events.
    /// After the protocol's end marker the stream is finished and the rest of the body is
    /// drained, so the connection can be reused.
    private func consume(_ body: HTTPClientResponse.Body, decoder: some ModelStreamDecoder, yielded: inout Bool) async throws {
        var parser = SSEParser()
        var decoder = decoder
        for try await chunk in body where !decoder.isComplete {
            for event in parser.feed(chunk.readableBytesView) where !decoder.isComplete {
                yield(try decoder.decode(event), yielded: &yielded)
            }
            guard parser.droppedLineCount == 0 else {
                throw ProviderError.malformedResponse("a line of the event stream was longer than \(parser.maxLineBytes) bytes")
            }
            if decoder.isComplete { continuation.finish() }
        }
        guard !decoder.isComplete else { return }
        for event in parser.finish() where !decoder.isComplete {
            yield(try decoder.decode(event), yielded: &yielded)
        }
        if !decoder.isComplete { yield(try decoder.finish(), yielded: &yielded) }
    }

    private func yield(_ events: [ModelEvent], yielded: inout Bool) {
        for event in events {
            continuation.yield(event)
            yielded = true
        }
    }

    private func transportError(_ error: any Error, beforeHead: Bool) throws -> (error: ProviderError, retryable: Bool) {
        try ProviderError.transport(error, beforeHead: beforeHead, url: displayURL, idleTimeout: endpoint.idleTimeout)
    }

    /// The first bytes of an error body as text; a body that fails to arrive gives what came.
    private static func prefix(of body: HTTPClientResponse.Body) async -> String {
        var bytes: [UInt8] = []
        do {
            for try await chunk in body {
                bytes += chunk.readableBytesView.prefix(StreamingHTTP.errorBodyLimit - bytes.count)
                if bytes.count >= StreamingHTTP.errorBodyLimit { break }
            }
        } catch {
            // A broken error body still gives the bytes that arrived.
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
