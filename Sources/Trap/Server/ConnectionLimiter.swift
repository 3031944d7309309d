import Foundation
import NIOCore

/// Concurrent-session limits, over all listeners and per client address (Postfix's process limit and
/// anvil's smtpd_client_connection_count_limit). A refused connection gets one 421 and is closed.
final class ConnectionLimiter: @unchecked Sendable {
    let maxSessions: Int
    let perAddress: Int
    private let lock = NSLock()
    private var total = 0
    private var byAddress: [String: Int] = [:]

    init(maxSessions: Int, perAddress: Int) {
        self.maxSessions = maxSessions; self.perAddress = perAddress
    }

    /// Takes a slot for `address`, or says which limit refuses it.
    func admit(_ address: String) -> SMTPReply? {
        lock.lock(); defer { lock.unlock() }
        if total >= maxSessions { return .tooManySessions }
        if byAddress[address, default: 0] >= perAddress { return .tooManyFromAddress }
        total += 1
        byAddress[address, default: 0] += 1
        return nil
    }

    func release(_ address: String) {
        lock.lock(); defer { lock.unlock() }
        total -= 1
        if let n = byAddress[address] { byAddress[address] = n > 1 ? n - 1 : nil }
    }

    /// Over 80% of the session limit: timeouts shorten.
    var underStress: Bool {
        lock.lock(); defer { lock.unlock() }
        return total * 5 >= maxSessions * 4
    }
}

/// The open sessions, so a graceful stop can tell each to finish and wait for them to close.
final class SessionRegistry: @unchecked Sendable {
    private let lock = NSLock()
    private var channels: [ObjectIdentifier: Channel] = [:]

    func add(_ channel: Channel) {
        lock.lock(); channels[ObjectIdentifier(channel)] = channel; lock.unlock()
        channel.closeFuture.whenComplete { [weak self] _ in self?.remove(channel) }
    }

    private func remove(_ channel: Channel) {
        lock.lock(); channels[ObjectIdentifier(channel)] = nil; lock.unlock()
    }

    var all: [Channel] { lock.lock(); defer { lock.unlock() }; return Array(channels.values) }
}

/// Sent down every session's pipeline when the trap stops: finish the message in progress, then 421.
struct TrapDrain {}

/// Answers a connection over a limit with its 421 and closes it.
final class RefusingHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer
    let reply: SMTPReply

    init(reply: SMTPReply) { self.reply = reply }

    func channelActive(context: ChannelHandlerContext) {
        let buffer = context.channel.allocator.buffer(bytes: reply.bytes)
        context.writeAndFlush(wrapOutboundOut(buffer)).whenComplete { _ in context.close(promise: nil) }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {}
}
