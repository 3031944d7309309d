import Foundation
import Logging
import Metrics
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import Prometheus
import ServiceLifecycle
import Store

/// The running trap: its listeners (with `TCP_SAVE_SYN`), the metrics endpoint, the shared session state and
/// the durable writer; `drain` is the graceful stop SIGTERM asks for.
public final class TrapServer: @unchecked Sendable {
    public let configuration: TrapConfiguration
    private let group: MultiThreadedEventLoopGroup
    private let shared: TrapShared
    private let store: CaseStore
    private let registry: PrometheusCollectorRegistry?
    private var serverChannels: [Channel] = []
    /// What an earlier run left in the spool: durable messages written into the case now, and ones never
    /// acknowledged (moved to `unacknowledged/`).
    public let recovered: Int
    public let setAside: Int
    public let certificateOrigin: String?

    /// Opens the case and the spool (setting aside what an earlier run never acknowledged) and loads or makes
    /// the certificate. `registry`: the Prometheus registry the process bootstrapped swift-metrics with.
    public init(configuration: TrapConfiguration, registry: PrometheusCollectorRegistry?) throws {
        self.configuration = configuration
        self.registry = registry
        let spool = try Spool(root: configuration.spoolPath)
        do {
            store = try CaseStore(path: configuration.casePath, mode: .createIfMissing)
        } catch {
            throw TrapError("\(configuration.casePath): cannot open the case (\(error))")
        }
        let listening = configuration.listeners.map(\.description).joined(separator: ",")
        let ledger = try TrapLedger(store: store, trapName: configuration.trapName, listening: listening)
        let recovery = try spool.recover(isCommitted: ledger.isCommitted(queueID:), ingest: ledger.commitDurably(sessions:messages:))
        recovered = recovery.recovered
        setAside = recovery.setAside
        var settings = configuration.settings
        var sslContext: NIOSSLContext?
        var origin: String?
        if configuration.tlsCertificate != nil || configuration.tlsKey != nil || configuration.listeners.contains(where: \.implicitTLS)
            || configuration.settings.tlsAvailable {
            let loaded = try TrapCertificate.load(certPath: configuration.tlsCertificate, keyPath: configuration.tlsKey,
                                                  spoolRoot: configuration.spoolPath, hostname: settings.hostname)
            sslContext = try TrapCertificate.serverContext(loaded)
            origin = loaded.origin
            settings.tlsAvailable = true
        }
        certificateOrigin = origin
        let ingester = CaseIngester(ledger: ledger)
        let writer = try DurableWriter(ingester: ingester, spool: spool)
        let logger = configuration.logger
        writer.onError = { reason in logger.error("durable write failed; its messages were answered 451", metadata: ["error": "\(reason)"]) }
        ingester.onError = { reason in
            logger.error("writing into the case failed; the messages are durable in the spool and are tried again", metadata: ["error": "\(reason)"])
        }
        ingester.onCheckpointError = { reason in logger.warning("WAL checkpoint failed; the next one retries", metadata: ["error": "\(reason)"]) }
        let pool = NIOThreadPool(numberOfThreads: 2)
        pool.start()
        group = MultiThreadedEventLoopGroup(numberOfThreads: max(1, configuration.threads))
        shared = try TrapShared(settings: settings, timeouts: configuration.timeouts, trapName: configuration.trapName, run: ledger.importID, spool: spool,
                            writer: writer, pool: pool, metrics: TrapMetrics(), logger: configuration.logger, sslContext: sslContext,
                            relays: configuration.relays, labeler: configuration.labeler,
                            limiter: ConnectionLimiter(maxSessions: configuration.maxSessions, perAddress: configuration.perAddress))
        writer.start()
    }

    /// Binds every listener; returns one line per bound address (with the port the kernel chose for port 0).
    public func start() async throws -> [String] {
        var lines: [String] = []
        for listener in configuration.listeners {
            let channel: Channel
            do {
                channel = try await bootstrap(for: listener).bind(host: listener.host, port: listener.port).get()
            } catch {
                throw TrapError("--listen \(listener): cannot listen (\(error))")
            }
            serverChannels.append(channel)
            let port = channel.localAddress?.port ?? listener.port
            let bound = ListenAddress(host: listener.host, port: port, implicitTLS: listener.implicitTLS)
            lines.append("listening on \(bound) (\(listener.implicitTLS ? "smtps, implicit TLS" : "smtp"))")
        }
        if let metrics = configuration.metrics, let registry {
            let channel: Channel
            do {
                channel = try await ServerBootstrap(group: group)
                    .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                    .childChannelInitializer { channel in
                        channel.eventLoop.makeCompletedFuture {
                            try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                            try channel.pipeline.syncOperations.addHandler(MetricsEndpoint(registry: registry))
                        }
                    }
                    .bind(host: metrics.host, port: metrics.port).get()
            } catch {
                throw TrapError("--metrics \(metrics): cannot listen (\(error))")
            }
            serverChannels.append(channel)
            let bound = ListenAddress(host: metrics.host, port: channel.localAddress?.port ?? metrics.port)
            lines.append("metrics on http://\(bound)/metrics")
        }
        return lines
    }

    private func bootstrap(for listener: ListenAddress) -> ServerBootstrap {
        let shared = self.shared
        var bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 4096)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
        if SavedSYN.supported {
            bootstrap = bootstrap.serverChannelOption(ChannelOptions.Types.SocketOption(level: .tcp, name: SavedSYN.saveOption), value: 1)
        }
        if listener.host.contains(":") {
            bootstrap = bootstrap.serverChannelOption(ChannelOptions.Types.SocketOption(level: .ipv6, name: .ipv6_v6only), value: 1)
        }
        return bootstrap
            .childChannelOption(.autoRead, value: false)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let address = SMTPServerHandler.ip(channel.remoteAddress)?.description ?? "?"
                    if let refusal = shared.limiter.admit(address) {
                        shared.metrics.rejected(refusal.rejectReason ?? "sessions")
                        try channel.pipeline.syncOperations.addHandler(RefusingHandler(reply: refusal))
                        return
                    }
                    channel.closeFuture.whenComplete { _ in shared.limiter.release(address) }
                    if listener.implicitTLS, let ssl = shared.sslContext {
                        try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: ssl))
                    }
                    try channel.pipeline.syncOperations.addHandler(SMTPServerHandler(shared: shared, implicitTLS: listener.implicitTLS))
                }
            }
    }

    /// The graceful stop: no new sessions; idle ones get 421 at once, ones in DATA/BDAT finish their message
    /// (up to `drainTimeout`), then everything left is closed and the durable writer empties its queue.
    public func drain() async {
        for channel in serverChannels { try? await channel.close().get() }
        serverChannels.removeAll()
        for channel in shared.sessions.all { channel.pipeline.fireUserInboundEventTriggered(TrapDrain()) }
        let deadline = Date().addingTimeInterval(configuration.drainTimeout)
        while !shared.sessions.all.isEmpty && Date() < deadline {
            try? await Task.sleep(nanoseconds: 20_000_000)
        }
        for channel in shared.sessions.all { try? await channel.close().get() }
        // Closing runs the handlers' last session updates on their loops; let them reach the writer.
        try? await Task.sleep(nanoseconds: 50_000_000)
        // The writer's stop blocks until the case has the last rows; on a thread of its own, because writing
        // them to PostgreSQL (COPY) needs a thread of Swift's pool, which has only as many as there are cores.
        let writer = shared.writer
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            let thread = Thread { writer.stop(); done.resume() }
            thread.name = "botcensus-trap-stop"
            thread.start()
        }
        try? await group.shutdownGracefully()
        try? await shared.pool.shutdownGracefully()
    }

    /// What the trap did, for the line it prints on stop.
    public var summary: String {
        let t = shared.metrics.totals
        var text = "\(t.sessions) sessions (\(t.withSYN) with their SYN), \(t.messages) messages (\(t.bytes) bytes) into \(configuration.casePath)"
        text += "; spool \(configuration.spoolPath)"
        if !t.rejects.isEmpty {
            text += "; refused: " + t.rejects.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        }
        return text
    }
}

/// The trap as a swift-service-lifecycle service: it runs until SIGTERM or SIGINT asks for a graceful stop,
/// then drains.
public struct TrapService: Service {
    let server: TrapServer

    public init(server: TrapServer) { self.server = server }

    public func run() async throws {
        // Cancellation (a second signal) and graceful shutdown end the wait alike; both drain.
        try? await gracefulShutdown()
        await server.drain()
    }
}
