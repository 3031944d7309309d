import BotCensusCore
import Store
import Foundation
import Logging
import NIOCore
import NIOSSL
import NIOTLS

/// One SMTP session on its channel: bytes in through the framer, decisions by `SMTPSessionMachine`, replies
/// out in order (a pipelined batch is answered with one flush once its input is used up), the body streamed to
/// the spool, and the `250` only after the durable writer has the message on disk. Reads are explicit
/// (`autoRead` off), so a session holds at most one read's bytes plus a bounded spool buffer, and a client
/// that sends faster than the disk takes waits in its own TCP window.
final class SMTPServerHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let shared: TrapShared
    private let implicitTLS: Bool
    private var machine: SMTPSessionMachine
    private var framer: SMTPFramer
    private var inbound = ByteBuffer()
    private var replies: ByteBuffer?
    private var session: TrapSession?
    private var spoolFile: SpoolFile?
    /// The spool file could not be made: the body is read and dropped, then refused with 451.
    private var spoolFailed = false
    private var chunk: (size: Int, last: Bool) = (0, false)
    /// Waiting on something else (the durable writer, the spool's writes): no frames are taken.
    private var paused = false
    private var closing = false
    private var draining = false
    private var lastActivity = NIODeadline.now()
    private var timer: Scheduled<Void>?
    private var logger: Logger
    /// Spool bytes in memory above which reading stops until the writes catch up.
    static let spoolBufferLimit = 128 << 10
    /// Unread input above which reading stops (a pipelining client waits in its TCP window).
    static let inboundLimit = 64 << 10

    init(shared: TrapShared, implicitTLS: Bool) {
        self.shared = shared
        self.implicitTLS = implicitTLS
        self.machine = SMTPSessionMachine(settings: shared.settings, implicitTLS: implicitTLS)
        self.framer = SMTPFramer(maxLine: shared.settings.maxLineLength)
        self.logger = shared.logger
    }

    // MARK: Session start and end

    func channelActive(context: ChannelHandlerContext) {
        let now = Date().timeIntervalSince1970
        let peer = context.channel.remoteAddress, local = context.channel.localAddress
        let id = "\(shared.trapName)-\(shared.queueIDs.next())"
        logger[metadataKey: "session"] = .string(id)
        // Formatted only if a line is logged (most sessions log nothing at the default level).
        if let peer { logger[metadataKey: "peer"] = .stringConvertible(peer) }
        shared.metrics.connectionOpened()
        shared.sessions.add(context.channel)
        // The greeting first: the SYN is decoded and matched while the client reads it.
        perform(machine.greeting(), context: context)
        flush(context)
        // The kernel hands the saved SYN out once; on the channel's own loop the read completes at once (before
        // any input is read, so the session exists when the first command arrives).
        SavedSYN.read(context.channel, time: now, trap: shared.trapName, labeler: shared.labeler).whenComplete { [self] result in
            var syn: SynRecord?, status = "captured"
            switch result {
            case .success(.syn(let record)): syn = record
            case .success(.none(let why)): status = "no SYN: \(why)"
            case .failure(let error): status = "no SYN: \(error)"
            }
            var s = TrapSession(id: id, peer: Self.ip(peer) ?? IPAddress(v4: 0), peerPort: peer?.port ?? 0, local: Self.ip(local) ?? IPAddress(v4: 0),
                                localPort: local?.port ?? 0, started: now, syn: syn, synStatus: status)
            if implicitTLS { s.tls = "implicit" }
            if let relays = shared.relays, relays.contains(s.peer) {
                s.fromTrustedRelay = true
                if syn != nil { s.synStatus = "captured (a trusted relay's: not sender evidence)" }
            }
            session = s
            shared.writer.record(s)
            shared.metrics.sessionOpened(syn: syn != nil)
            logger.debug("session opened", metadata: ["syn": "\(status)"])
        }
        scheduleTimer(context)
        context.read()
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        if let file = spoolFile { file.discard(); spoolFile = nil }
        shared.metrics.connectionClosed()
        if var s = session {
            s.ended = Date().timeIntervalSince1970
            s.commands = machine.commands
            s.helo = machine.helo ?? s.helo
            s.authAttempts = machine.authAttempts
            if s.closeReason == nil { s.closeReason = machine.state == .closed ? "quit" : "client closed" }
            if !machine.authAttempts.isEmpty { shared.metrics.authAttempts.increment(by: machine.authAttempts.count) }
            session = s
            shared.writer.record(s)
            logger.debug("session closed", metadata: ["reason": "\(s.closeReason ?? "")", "messages": "\(s.messages)"])
        }
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        // A TLS client closing without close_notify after QUIT is how most clients end; not worth a reason.
        if session?.closeReason == nil, !(error as? NIOSSLError == .uncleanShutdown && machine.state == .closed) {
            logger.debug("session error", metadata: ["error": "\(error)"])
            session?.closeReason = "error: \(error)"
        }
        context.close(promise: nil)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is TrapDrain {
            draining = true
            drainIfIdle(context)
            flush(context)
        } else if case .handshakeCompleted = event as? TLSUserEvent {
            let version = (try? context.pipeline.syncOperations.nioSSL_tlsVersion()).flatMap { $0 }
            session?.tls = "\(version.map(Self.name) ?? "TLS") \(implicitTLS ? "implicit" : "starttls")"
            if let s = session { shared.writer.record(s) }
        }
        context.fireUserInboundEventTriggered(event)
    }

    // MARK: Input

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var bytes = unwrapInboundIn(data)
        lastActivity = .now()
        if closing { return }
        inbound.writeBuffer(&bytes)
        process(context)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        flush(context)
        readIfWanted(context)
    }

    /// Takes frames until input runs out or the session must wait, then answers what was decided.
    private func process(_ context: ChannelHandlerContext) {
        while !paused && !closing, let frame = framer.next(&inbound) {
            handle(frame, context: context)
        }
        // Keep memory small for idle sessions: a buffer fully read is dropped.
        if inbound.readableBytes == 0 { inbound = ByteBuffer() } else if inbound.readerIndex > 4096 { inbound.discardReadBytes() }
        flush(context)
        readIfWanted(context)
    }

    private func readIfWanted(_ context: ChannelHandlerContext) {
        guard !paused && !closing && inbound.readableBytes < Self.inboundLimit else { return }
        context.read()
    }

    private func handle(_ frame: SMTPFramer.Frame, context: ChannelHandlerContext) {
        switch frame {
        case .line(let line):
            perform(machine.line(line), context: context)
        case .lineTooLong:
            perform(machine.lineTooLong(), context: context)
        case .body(let bytes, _), .chunk(let bytes):
            guard let file = spoolFile else { return }
            file.append(bytes)
            if file.buffered > Self.spoolBufferLimit {
                paused = true
                file.drained().whenComplete { [self] _ in
                    paused = false
                    process(context)
                }
            }
        case .dataEnd:
            perform(machine.dataEnded(size: spoolFile?.size ?? 0), context: context)
        case .chunkEnd:
            perform(machine.chunkEnded(size: chunk.size, last: chunk.last), context: context)
        }
    }

    // MARK: Actions

    private func perform(_ actions: [SMTPAction], context: ChannelHandlerContext) {
        for action in actions {
            switch action {
            case .reply(let reply):
                if replies == nil { replies = context.channel.allocator.buffer(capacity: 256) }
                replies!.writeBytes(reply.bytes)
                if let reason = reply.rejectReason { shared.metrics.rejected(reason) }
                if reply.closesSession { session?.closeReason = reply.code == 221 ? "quit" : reply.lines.first }
            case .receiveData:
                openSpool(context)
                framer.beginData()
            case .receiveChunk(let size, let last):
                if spoolFile == nil && !spoolFailed { openSpool(context) }
                chunk = (size, last)
                framer.mode = .chunk(remaining: size)
            case .startTLS:
                startTLS(context)
            case .deliver(let envelope):
                deliver(envelope, context: context)
            case .discardBody:
                spoolFile?.discard()
                spoolFile = nil
                spoolFailed = false
            case .close:
                closing = true
                flush(context, thenClose: true)
            }
        }
    }

    private func openSpool(_ context: ChannelHandlerContext) {
        spoolFile = SpoolFile(queueID: shared.queueIDs.next(), spool: shared.spool, segments: shared.segments,
                              limit: shared.settings.maxMessageSize, maxLine: shared.settings.maxLineLength, pool: shared.pool,
                              eventLoop: context.eventLoop)
    }

    /// The 220 goes out in plain text; every byte after it is TLS. Pipelined plain text that followed
    /// STARTTLS is dropped (RFC 3207 §6: it could be an attacker's injection).
    private func startTLS(_ context: ChannelHandlerContext) {
        guard let ssl = shared.sslContext else { return }
        flush(context)
        inbound.clear()
        do {
            try context.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: ssl), position: .first)
        } catch {
            logger.error("cannot start TLS", metadata: ["error": "\(error)"])
            context.close(promise: nil)
        }
    }

    /// The body is complete: finish its writes, hand it to the durable writer, and answer only when that is
    /// done. Input waits meanwhile (pipelined commands after DATA are answered after the 250, in order).
    private func deliver(_ envelope: Envelope, context: ChannelHandlerContext) {
        guard let file = spoolFile, !spoolFailed, var current = session else {
            spoolFile?.discard(); spoolFile = nil; spoolFailed = false
            perform(machine.deliveryFailed(), context: context)
            return
        }
        spoolFile = nil
        paused = true
        current.helo = machine.helo
        current.authAttempts = machine.authAttempts
        current.commands = machine.commands
        current.messages += 1
        let helo = machine.helo
        let trapName = shared.trapName, relays = shared.relays, writer = shared.writer
        let loop = context.eventLoop
        file.finish(relays: relays).flatMapThrowing { (facts, digest) -> (TrapMessage, SpoolFile.Stored) in
            let received = Date().timeIntervalSince1970
            var event = SpamEvent(ip: current.peer, time: received, kind: .message, helo: helo, queueID: file.queueID,
                                  session: current.id, campaign: facts.campaign, messageID: facts.messageID, subject: facts.subject,
                                  mailer: facts.mailer, sentAt: facts.sentAt, source: SourceRef(file: "trap:\(trapName)", line: 0))
            let relayed = facts.relayedSender
            if let relayed {
                // A trusted relay handed this over: the sender is the one its Received header names, with the
                // relay's queue id (so the relay's log line and this message are one event).
                event.ip = relayed.ip
                event.helo = relayed.helo
                event.hostname = relayed.reverseName
                event.queueID = relayed.queueID ?? file.queueID
                event.session = nil
            }
            var message = TrapMessage(queueID: file.queueID, sessionID: current.id, event: event, mailFrom: envelope.mailFrom,
                                      recipients: envelope.recipients, size: min(file.size, file.limit), spoolPath: "",
                                      spoolOffset: nil, sha256: digest, received: received, relayed: relayed != nil)
            // The record carries the message's description, so once it is fsynced it is the message's durable form.
            let stored = try file.store(meta: SpoolRecordMeta.encode(message, session: current, ownFile: file.ownFile?.path))
            message.spoolPath = stored.path
            message.spoolOffset = stored.offset
            return (message, stored)
        }.flatMap { (message, stored) -> EventLoopFuture<TrapMessage> in
            let promise = loop.makePromise(of: Void.self)
            writer.record(current)
            writer.deliver(message, stored: stored, promise: promise)
            return promise.futureResult.map { message }
        }.whenComplete { [self] result in
            paused = false
            switch result {
            case .success(let message):
                session?.messages += 1
                shared.metrics.messageAccepted(bytes: message.size)
                logger.info("message accepted", metadata: ["queue_id": "\(message.queueID)", "size": "\(message.size)",
                                                           "recipients": "\(message.recipients.count)"])
                perform(machine.delivered(queueID: message.queueID), context: context)
            case .failure(let error):
                logger.error("message not stored", metadata: ["error": "\(error)"])
                // A message file of its own goes; a record whose sync failed is read again at the next start
                // (ingested if it did reach the disk: at worst a message counted that the client sends again).
                if let own = file.ownFile { unlink(own.path) }
                perform(machine.deliveryFailed(), context: context)
            }
            drainIfIdle(context)
            process(context)
        }
    }

    /// Stopping: a session between messages is told so and closed; one in DATA, BDAT or delivery finishes
    /// its message first (this runs again after the delivery).
    private func drainIfIdle(_ context: ChannelHandlerContext) {
        guard draining, !closing, !paused, machine.state == .command || machine.state == .authPlain
                || machine.state == .authLoginUser || machine.state == .authLoginPassword else { return }
        perform(machine.shutdown(), context: context)
    }

    private func flush(_ context: ChannelHandlerContext, thenClose: Bool = false) {
        guard let buffer = replies else {
            if thenClose { context.close(promise: nil) }
            return
        }
        replies = nil
        let written = context.writeAndFlush(wrapOutboundOut(buffer))
        guard thenClose else { return }
        var sent = false
        written.whenComplete { _ in
            sent = true
            context.close(promise: nil)
        }
        // A reply that cannot leave (a TLS handshake never finished, a client that stopped reading) must not
        // hold the slot: close anyway after a grace period. (Usually the reply left at once: no timer then.)
        if !sent { context.eventLoop.scheduleTask(in: .seconds(2)) { context.close(promise: nil) } }
    }

    // MARK: Timeouts

    private func scheduleTimer(_ context: ChannelHandlerContext) {
        let timeout = currentTimeout
        timer = context.eventLoop.scheduleTask(deadline: lastActivity + .milliseconds(Int64(timeout * 1000))) { [self] in
            checkTimeout(context)
        }
    }

    private var currentTimeout: Double {
        if shared.limiter.underStress { return min(shared.timeouts.stress, shared.timeouts.command) }
        return machine.state == .data || machine.state == .bdat ? shared.timeouts.data : shared.timeouts.command
    }

    private func checkTimeout(_ context: ChannelHandlerContext) {
        guard !closing, context.channel.isActive else { return }
        // Waiting on our own disk is not the client's delay.
        if !paused && NIODeadline.now() >= lastActivity + .milliseconds(Int64(currentTimeout * 1000)) {
            logger.debug("session timed out", metadata: ["state": "\(machine.state)"])
            perform(machine.timedOut(), context: context)
            flush(context)
            return
        }
        if paused { lastActivity = .now() }
        scheduleTimer(context)
    }

    static func name(_ version: TLSVersion) -> String {
        switch version {
        case .tlsv1: return "TLSv1.0"
        case .tlsv11: return "TLSv1.1"
        case .tlsv12: return "TLSv1.2"
        case .tlsv13: return "TLSv1.3"
        @unknown default: return "\(version)"
        }
    }

    static func ip(_ address: SocketAddress?) -> IPAddress? {
        guard var text = address?.ipAddress else { return nil }
        // A dual-stack listener sees IPv4 clients as IPv4-mapped IPv6; the evidence keeps them as IPv4.
        if text.lowercased().hasPrefix("::ffff:"), text.contains(".") { text = String(text.dropFirst(7)) }
        return IPAddress(text)
    }
}
