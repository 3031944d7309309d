import NIOCore
import NIOTLS

/// Collects what the peer sends (after TLS, when there is TLS) for a probe conversation, bounded in size,
/// and wakes the one waiter when more arrives, the peer closes, or the TLS handshake ends. Lives on its
/// channel's event loop.
final class InboundBuffer: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer

    /// A banner or page beyond this is cut (zgrab2 reads at most a few hundred KiB per response too).
    static let limit = 256 << 10

    private(set) var bytes: [UInt8] = []
    private(set) var closed = false
    private(set) var failure: Error?
    private(set) var handshakeDone = false
    private var waiter: EventLoopPromise<Void>?

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        let room = Self.limit - bytes.count
        if room > 0, let chunk = buffer.readBytes(length: min(room, buffer.readableBytes)) { bytes += chunk }
        wake()
    }

    func channelInactive(context: ChannelHandlerContext) {
        closed = true
        wake()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        if failure == nil { failure = error }
        wake()
        context.close(promise: nil)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let tls = event as? TLSUserEvent, case .handshakeCompleted = tls {
            handshakeDone = true
            wake()
        }
        context.fireUserInboundEventTriggered(event)
    }

    /// A future that completes at the next change (bytes, close, error, handshake).
    func nextChange(on loop: EventLoop) -> EventLoopFuture<Void> {
        if let waiter { return waiter.futureResult }
        let promise = loop.makePromise(of: Void.self)
        waiter = promise
        return promise.futureResult
    }

    func consume(_ count: Int) { bytes.removeFirst(min(count, bytes.count)) }

    func clear() { bytes.removeAll() }

    private func wake() {
        let w = waiter
        waiter = nil
        w?.succeed(())
    }
}
