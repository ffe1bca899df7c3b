import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A scripted HTTP/1.1 model server on 127.0.0.1 for provider tests.
///
/// Requests are answered in order from a queue of `FakeResponse`s; a request that finds the
/// queue empty goes to the responder set with `respond(with:)`, or else gets a 500 saying
/// so. Every request is recorded, and connections the client closes while a response is
/// still being sent are counted (cancellation, idle timeouts).
public final class FakeModelServer: Sendable {
    /// State shared by the server and its connection handlers.
    final class Shared: Sendable {
        struct State {
            var queue: [FakeResponse] = []
            var responder: (@Sendable (RecordedRequest) -> FakeResponse)?
            var requests: [RecordedRequest] = []
            var connectionsClosedByClient = 0
            var connections: [ObjectIdentifier: any Channel] = [:]
            var shuttingDown = false
        }

        let state = Mutex(State())
    }

    private let channel: any Channel
    private let shared: Shared

    /// `http://127.0.0.1:<port>`, without a trailing slash.
    public let baseURL: String

    private init(channel: any Channel, shared: Shared, port: Int) {
        self.channel = channel
        self.shared = shared
        baseURL = "http://127.0.0.1:\(port)"
    }

    /// Starts a server on a free port of 127.0.0.1.
    public static func start() async throws -> FakeModelServer {
        let shared = Shared()
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(FakeModelServerHandler(shared: shared))
                }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
        guard let port = channel.localAddress?.port else {
            try await channel.close()
            throw ChannelError.unknownLocalAddress
        }
        return FakeModelServer(channel: channel, shared: shared, port: port)
    }

    /// Queues the answer to a future request.
    public func enqueue(_ response: FakeResponse) {
        shared.state.withLock { $0.queue.append(response) }
    }

    /// Answers every request that finds the queue empty with `responder` (which may route
    /// by method and path, and keep its own state).
    public func respond(with responder: @escaping @Sendable (RecordedRequest) -> FakeResponse) {
        shared.state.withLock { $0.responder = responder }
    }

    /// The requests received so far, in order.
    public var requests: [RecordedRequest] {
        shared.state.withLock { $0.requests }
    }

    /// How many connections the client closed while a response was still being sent.
    public var connectionsClosedByClient: Int {
        shared.state.withLock { $0.connectionsClosedByClient }
    }

    /// Waits until the client has closed `count` connections mid-response; false on timeout.
    public func waitForConnectionsClosedByClient(_ count: Int = 1, timeout: Duration = .seconds(30)) async -> Bool {
        await waitUntil(timeout: timeout) { $0.connectionsClosedByClient >= count }
    }

    /// Waits until `condition` holds, checking every 10 ms; false if `timeout` passes first.
    public func waitUntil(timeout: Duration = .seconds(30), _ condition: (FakeModelServer) -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while !condition(self) {
            guard ContinuousClock.now < deadline else { return false }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return true
    }

    /// Closes the listening socket and every open connection.
    public func shutdown() async throws {
        let connections = shared.state.withLock { state in
            state.shuttingDown = true
            return Array(state.connections.values)
        }
        for connection in connections {
            try? await connection.close()
        }
        try await channel.close()
    }
}
