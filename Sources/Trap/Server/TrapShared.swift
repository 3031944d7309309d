import BotCensusCore
import Ingest
import Logging
import NIOCore
import NIOPosix
import NIOSSL

/// What every session of one trap shares: settings, limits, the spool, the durable writer, metrics.
final class TrapShared: @unchecked Sendable {
    let settings: SMTPSettings
    let timeouts: TrapTimeouts
    let trapName: String
    let spool: Spool
    let segments: SpoolSegments
    let queueIDs: QueueIDs
    let writer: DurableWriter
    let pool: NIOThreadPool
    let metrics: TrapMetrics
    let logger: Logger
    let sslContext: NIOSSLContext?
    let relays: TrustedRelays?
    let labeler: SynLabeler?
    let limiter: ConnectionLimiter
    let sessions = SessionRegistry()

    /// `run`: the trap run's `imports` row, which every queue id carries.
    init(settings: SMTPSettings, timeouts: TrapTimeouts, trapName: String, run: Int64, spool: Spool, writer: DurableWriter, pool: NIOThreadPool,
         metrics: TrapMetrics, logger: Logger, sslContext: NIOSSLContext?, relays: TrustedRelays?, labeler: SynLabeler?,
         limiter: ConnectionLimiter) throws {
        self.settings = settings; self.timeouts = timeouts; self.trapName = trapName; self.spool = spool; self.writer = writer
        self.pool = pool; self.metrics = metrics; self.logger = logger; self.sslContext = sslContext; self.relays = relays
        self.labeler = labeler; self.limiter = limiter
        queueIDs = QueueIDs(node: run)
        let names = QueueIDs(node: run)
        self.segments = try SpoolSegments(folder: spool.segments, names: { names.next() })
    }
}

/// RFC 5321 §4.5.3.2's server timeout (5 minutes for the next command) and a data-block timeout (3 minutes),
/// cut to `stress` seconds while the trap is over 80% of its session limit (Postfix's stress mode), so slow
/// clients cannot hold the slots.
public struct TrapTimeouts: Sendable {
    public var command: Double = 300
    public var data: Double = 180
    public var stress: Double = 10
    public init() {}
}
