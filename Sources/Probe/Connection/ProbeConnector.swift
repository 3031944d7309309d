import BotCensusCore
import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// Opens the prober's sockets, and nothing else does: every TCP connect and UDP datagram passes the scope
/// first (a target outside it, or in a blocklist, never reaches a syscall), and every connection is bounded
/// by the connect timeout and closed at its session deadline.
public final class ProbeConnector: @unchecked Sendable {
    let group: EventLoopGroup
    public let scope: ProbeScope
    let connectTimeout: TimeAmount
    let readTimeout: TimeAmount
    let tlsContext: NIOSSLContext
    private let lock = NSLock()
    private var refusedByScope = 0

    public init(group: EventLoopGroup, scope: ProbeScope, connectTimeout: TimeAmount, readTimeout: TimeAmount) throws {
        self.group = group
        self.scope = scope
        self.connectTimeout = connectTimeout
        self.readTimeout = readTimeout
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.certificateVerification = .none
        tls.minimumTLSVersion = .tlsv1   // devices run old stacks; what they offer is the evidence
        tlsContext = try NIOSSLContext(configuration: tls)
    }

    /// Attempts the scope stopped before any socket (for the metadata and the tests).
    public var stoppedByScope: Int { lock.lock(); defer { lock.unlock() }; return refusedByScope }

    func permit(_ ip: IPAddress) throws {
        let decision = scope.decide(ip)
        guard decision.isPermitted else {
            lock.lock(); refusedByScope += 1; lock.unlock()
            switch decision {
            case .outOfScope: throw ProbeError(.blocked, "\(ip) is outside --scope")
            case .blocked(let why): throw ProbeError(.blocked, "\(ip) is blocked: \(why)")
            case .permitted: fatalError("unreachable")
            }
        }
    }

    public func connect(_ ip: IPAddress, port: Int, deadline: NIODeadline) async throws -> ProbeConnection {
        try permit(ip)
        let inbound = InboundBuffer()
        let address = try SocketAddress(ipAddress: ip.description, port: port)
        let channel: Channel
        do {
            channel = try await ClientBootstrap(group: group)
                .connectTimeout(min(connectTimeout, max(deadline - .now(), .milliseconds(1))))
                .channelInitializer { $0.pipeline.addHandler(inbound) }
                .connect(to: address).get()
        } catch {
            throw ProbeError.from(error)
        }
        // The session deadline closes the connection whatever the module is waiting for.
        channel.eventLoop.scheduleTask(deadline: deadline) { channel.close(promise: nil) }
        return ProbeConnection(channel: channel, inbound: inbound, ip: ip, port: port, deadline: deadline,
                               readTimeout: readTimeout, tlsContext: tlsContext)
    }

    /// Sends one UDP datagram to `ip:port` and collects the answers that arrive from that address until
    /// `wait` has passed (or the deadline).
    public func exchangeDatagram(_ ip: IPAddress, port: Int, payload: [UInt8], wait: TimeAmount, deadline: NIODeadline) async throws -> [[UInt8]] {
        try permit(ip)
        let collector = DatagramCollector(from: ip)
        let channel: Channel
        do {
            channel = try await DatagramBootstrap(group: group)
                .channelInitializer { $0.pipeline.addHandler(collector) }
                .bind(host: ip.isV6 ? "::" : "0.0.0.0", port: 0).get()
        } catch {
            throw ProbeError.from(error)
        }
        defer { channel.close(promise: nil) }
        let remote = try SocketAddress(ipAddress: ip.description, port: port)
        try await channel.writeAndFlush(AddressedEnvelope(remoteAddress: remote, data: channel.allocator.buffer(bytes: payload))).get()
        let until = min(deadline, .now() + wait)
        let delay = until - .now()
        if delay > .zero { try await Task.sleep(nanoseconds: UInt64(delay.nanoseconds)) }
        return try await channel.eventLoop.submit { collector.datagrams }.get()
    }
}

/// Keeps the datagrams that come back from the probed address (others are ignored), at most 16.
final class DatagramCollector: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    let from: IPAddress
    private(set) var datagrams: [[UInt8]] = []

    init(from: IPAddress) { self.from = from }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var envelope = unwrapInboundIn(data)
        guard let sender = envelope.remoteAddress.ipAddress, IPAddress(sender) == from, datagrams.count < 16 else { return }
        if let bytes = envelope.data.readBytes(length: envelope.data.readableBytes) { datagrams.append(bytes) }
    }
}
