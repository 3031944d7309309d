import NIOCore
import NIOHTTP1
import Prometheus

/// `GET /metrics` in Prometheus's text format; anything else is 404. Read-only, small, on the trap's loops.
final class MetricsEndpoint: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let registry: PrometheusCollectorRegistry
    private var path: String?
    private var keepAlive = true

    init(registry: PrometheusCollectorRegistry) { self.registry = registry }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            path = head.method == .GET ? head.uri : nil
            keepAlive = head.isKeepAlive
        case .body: break
        case .end:
            let found = path == "/metrics" || path?.hasPrefix("/metrics?") == true
            let body = found ? registry.emitToBuffer() : Array("not found: the metrics are at /metrics\n".utf8)
            var headers = HTTPHeaders()
            headers.add(name: "Content-Type", value: found ? "text/plain; version=0.0.4; charset=utf-8" : "text/plain; charset=utf-8")
            headers.add(name: "Content-Length", value: "\(body.count)")
            if !keepAlive { headers.add(name: "Connection", value: "close") }
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: found ? .ok : .notFound, headers: headers))),
                          promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: body)))), promise: nil)
            let sent = context.writeAndFlush(wrapOutboundOut(.end(nil)))
            if !keepAlive { sent.whenComplete { _ in context.close(promise: nil) } }
            path = nil
        }
    }
}
