import Foundation
import Metrics
import NIOCore
import Store
#if canImport(Glibc)
import Glibc
#endif

/// Postfix's queue discipline for the trap: a message is acknowledged (`250`) only after its bytes are
/// fsynced (its segment, or its own file and that file's folder entry) and the case row naming them is
/// committed with `synchronous=FULL`.
/// One thread does this for everything that arrived since its last round (group commit), so under load one
/// round of syncs covers many messages. Session records ride along in the same transactions (or, with no
/// message to ride with, are written within a second).
final class DurableWriter: @unchecked Sendable {
    struct Delivery {
        var message: TrapMessage
        var stored: SpoolFile.Stored
        var promise: EventLoopPromise<Void>
    }

    private let ledger: TrapLedger
    private let folderFD: CInt
    private let condition = NSCondition()
    private var sessions: [String: TrapSession] = [:]
    private var sessionOrder: [String] = []
    private var deliveries: [Delivery] = []
    private var stopping = false
    /// When the oldest session record still waiting was queued.
    private var sessionsSince: Date?
    static let sessionDelay: TimeInterval = 1
    private var thread: Thread?
    /// PostgreSQL's commit_delay for the trap: how long a round waits for company when the last round ended
    /// less than `busyWindow` ago (never when the trap is quiet), unless `fullRound` messages wait already.
    /// Measured with smtp-source (20 sessions): waiting took the writer's CPU per message down by a third;
    /// 0.5 ms and 1 ms gave the same rate, 2 ms a lower one.
    static let commitDelay: useconds_t = 500
    static let busyWindow: UInt64 = 3_000_000
    static let fullRound = 32
    private var lastRoundEnd: UInt64 = 0
    /// The case's WAL is checkpointed by this thread once a second, not every 1,000 pages inside a commit.
    private var lastCheckpoint: UInt64 = 0
    private let finished = DispatchSemaphore(value: 0)
    private let latency = Timer(label: "botcensus_trap_durable_write_seconds")
    /// Why the last round failed, for the log (the messages of that round were answered 451).
    private(set) var lastError: String?
    var onError: (@Sendable (String) -> Void)?
    /// A checkpoint failed (nothing is lost: the pages stay in the WAL until the next one).
    var onCheckpointError: (@Sendable (String) -> Void)?

    init(ledger: TrapLedger, spool: Spool) throws {
        self.ledger = ledger
        self.folderFD = try spool.openFolder()
    }

    func start() {
        let thread = Thread { [self] in run() }
        thread.name = "botcensus-trap-durable"
        self.thread = thread
        thread.start()
    }

    /// A session's current record (first sight or an update); written with the next message's round, or
    /// within `sessionDelay` if none comes. Sessions alone never start a round at once: under load a round per
    /// connection (a thread wake and a WAL flush each) costs more than the messages themselves.
    func record(_ session: TrapSession) {
        condition.lock()
        if sessions.updateValue(session, forKey: session.id) == nil { sessionOrder.append(session.id) }
        if sessionsSince == nil {
            sessionsSince = Date()
            condition.signal()
        }
        condition.unlock()
    }

    /// A message whose bytes are in the spool: `promise` succeeds once it is durable and in the case.
    func deliver(_ message: TrapMessage, stored: SpoolFile.Stored, promise: EventLoopPromise<Void>) {
        condition.lock()
        deliveries.append(Delivery(message: message, stored: stored, promise: promise))
        condition.signal()
        condition.unlock()
    }

    /// Writes what is queued and stops the thread.
    func stop() {
        condition.lock()
        stopping = true
        condition.signal()
        condition.unlock()
        if thread != nil { finished.wait() }
        close(folderFD)
    }

    private func run() {
        while true {
            condition.lock()
            while deliveries.isEmpty && !stopping {
                guard let since = sessionsSince else { condition.wait(); continue }
                let due = since.addingTimeInterval(Self.sessionDelay)
                if Date() >= due { break }
                _ = condition.wait(until: due)
            }
            if sessions.isEmpty && deliveries.isEmpty && stopping { condition.unlock(); break }
            if !deliveries.isEmpty, !stopping, deliveries.count < Self.fullRound,
               DispatchTime.now().uptimeNanoseconds &- lastRoundEnd < Self.busyWindow {
                // Under load (a round just ended), gather for a moment: each round rewrites the same index
                // pages and WAL frames, so eight messages per round cost little more than one.
                condition.unlock()
                usleep(Self.commitDelay)
                condition.lock()
            }
            let batch = deliveries
            let snapshot = sessionOrder.compactMap { sessions[$0] }
            deliveries.removeAll(keepingCapacity: true)
            sessions.removeAll(keepingCapacity: true)
            sessionOrder.removeAll(keepingCapacity: true)
            sessionsSince = nil
            condition.unlock()
            round(sessions: snapshot, batch: batch)
            lastRoundEnd = DispatchTime.now().uptimeNanoseconds
            if lastRoundEnd &- lastCheckpoint > 1_000_000_000 {
                lastCheckpoint = lastRoundEnd
                do { try ledger.checkpoint() } catch { onCheckpointError?("\(error)") }
            }
        }
        finished.signal()
    }

    /// Makes the round's bytes durable: each segment written to once (usually one for the whole round), and
    /// each message file with its folder entry. With several files, Linux's syncfs does it all with one device
    /// flush (fdatasync per file costs a flush each); elsewhere, or if syncfs fails, each is synced.
    private func syncSpool(_ batch: [Delivery]) throws {
        var segments: [ObjectIdentifier: SpoolSegments.Segment] = [:]
        var files: [(path: String, fd: CInt)] = []
        for d in batch {
            switch d.stored {
            case .segment(let location): segments[ObjectIdentifier(location.segment)] = location.segment
            case .file(let path, let fd): files.append((path, fd))
            }
        }
        if files.count > 1, let syncfs = Self.syncfs, syncfs(folderFD) == 0 { return }
        for segment in segments.values where fdatasync(segment.fd) != 0 {
            throw IOError(errnoCode: errno, reason: "fdatasync \(segment.path)")
        }
        for file in files where fdatasync(file.fd) != 0 {
            throw IOError(errnoCode: errno, reason: "fdatasync \(file.path)")
        }
        if !files.isEmpty, fsync(folderFD) != 0 { throw IOError(errnoCode: errno, reason: "fsync of the spool folder") }
    }

    /// glibc's syncfs(2), looked up at run time (Swift's Glibc module does not declare it).
    private static let syncfs: (@convention(c) (CInt) -> CInt)? = {
        #if os(Linux)
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "syncfs") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (CInt) -> CInt).self)
        #else
        return nil
        #endif
    }()

    /// Own files close after their round; a segment closes when its last message lets go of it.
    private static func closeFiles(_ batch: [Delivery]) {
        for d in batch { if case .file(_, let fd) = d.stored { close(fd) } }
    }

    private func round(sessions: [TrapSession], batch: [Delivery]) {
        let start = DispatchTime.now().uptimeNanoseconds
        do {
            // The bytes first, then the names in the folder, then the row that makes them count.
            if !batch.isEmpty { try syncSpool(batch) }
            try ledger.commit(sessions: sessions, messages: batch.map(\.message))
            Self.closeFiles(batch)
            let elapsed = DispatchTime.now().uptimeNanoseconds - start
            for d in batch {
                latency.recordNanoseconds(Int64(elapsed))
                d.promise.succeed(())
            }
        } catch {
            // Nothing of this round is acknowledged: the clients get 451 and send again; the files stay in the
            // spool and are set aside at the next start.
            let reason = "\(error)"
            lastError = reason
            onError?(reason)
            Self.closeFiles(batch)
            for d in batch { d.promise.fail(error) }
        }
    }
}
