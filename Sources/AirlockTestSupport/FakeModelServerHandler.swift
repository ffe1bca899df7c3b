import NIOCore
import NIOHTTP1

/// Serves one connection of `FakeModelServer`: records each request and plays the next
/// scripted response.
final class FakeModelServerHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let shared: FakeModelServer.Shared
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []
    private var responding = false
    private var closingByServer = false
    private var pending: Scheduled<Void>?

    init(shared: FakeModelServer.Shared) {
        self.shared = shared
    }

    func channelActive(context: ChannelHandlerContext) {
        let channel = context.channel
        shared.state.withLock { $0.connections[ObjectIdentifier(channel)] = channel }
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        pending?.cancel()
        let closedByClient = responding && !closingByServer
        let channel = context.channel
        shared.state.withLock { state in
            state.connections[ObjectIdentifier(channel)] = nil
            if closedByClient, !state.shuttingDown { state.connectionsClosedByClient += 1 }
        }
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let requestHead):
            head = requestHead
            body = []
        case .body(let buffer):
            body += buffer.readableBytesView
        case .end:
            guard let head else { return }
            let request = RecordedRequest(
                method: head.method.rawValue, path: head.uri,
                headers: head.headers.map { (name: $0.name, value: $0.value) }, body: body)
            let (queued, responder) = shared.state.withLock { state in
                state.requests.append(request)
                return (state.queue.isEmpty ? nil : state.queue.removeFirst(), state.responder)
            }
            let response = queued ?? responder?(request)
            start(response ?? .status(500, body: "FakeModelServer: no response queued for \(head.method) \(head.uri)"), context: context)
        }
    }

    private func start(_ response: FakeResponse, context: ChannelHandlerContext) {
        responding = true
        if case .hangUp = response.ending {
            closingByServer = true
            context.close(promise: nil)
            return
        }
        let headers = HTTPHeaders(response.headers.map { ($0.name, $0.value) })
        let status = HTTPResponseStatus(statusCode: response.status)
        context.writeAndFlush(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))), promise: nil)
        send(response, from: 0, context: context)
    }

    /// Writes chunks from `index` on, pausing `delay` between them, then ends as scripted.
    private func send(_ response: FakeResponse, from index: Int, context: ChannelHandlerContext) {
        var index = index
        while index < response.chunks.count {
            context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: response.chunks[index])))), promise: nil)
            index += 1
            if index < response.chunks.count, (response.delay > .zero) {
                let next = index
                pending = context.eventLoop.assumeIsolated().scheduleTask(in: TimeAmount(response.delay)) {
                    self.send(response, from: next, context: context)
                }
                return
            }
        }
        switch response.ending {
        case .complete:
            responding = false
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        case .stall:
            break
        case .drop, .hangUp:
            closingByServer = true
            context.close(promise: nil)
        }
    }
}
