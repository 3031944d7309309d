import Foundation
import Metrics
import NIOCore
import Store
#if canImport(Glibc)
import Glibc
#endif

/// Postfix's queue discipline for the trap: a message is acknowledged (`250`) only after its spool file is
/// fsynced, its folder entry is fsynced and the case row naming it is committed with `synchronous=FULL`.
/// One thread does this for everything that arrived since its last round (group commit), so under load one
/// round of syncs covers many messages. Session records ride along in the same transactions (or, with no
/// message to ride with, are written within a second).
final class DurableWriter: @unchecked Sendable {
    struct Delivery {
        var message: TrapMessage
        var fd: CInt
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
    private let finished = DispatchSemaphore(value: 0)
    private let latency = Timer(label: "botcensus_trap_durable_write_seconds")
    /// Why the last round failed, for the log (the messages of that round were answered 451).
    private(set) var lastError: String?
    var onError: (@Sendable (String) -> Void)?

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

    /// A message whose bytes are in its spool file: `promise` succeeds once it is durable and in the case.
    func deliver(_ message: TrapMessage, fd: CInt, promise: EventLoopPromise<Void>) {
        condition.lock()
        deliveries.append(Delivery(message: message, fd: fd, promise: promise))
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
            let batch = deliveries
            let snapshot = sessionOrder.compactMap { sessions[$0] }
            deliveries.removeAll(keepingCapacity: true)
            sessions.removeAll(keepingCapacity: true)
            sessionOrder.removeAll(keepingCapacity: true)
            sessionsSince = nil
            condition.unlock()
            round(sessions: snapshot, batch: batch)
        }
        finished.signal()
    }

    /// Makes the round's files and their folder entries durable. Linux's syncfs does it for the whole spool
    /// filesystem with one device flush, where fdatasync per file costs a flush each (k + 1 per round, the
    /// trap's bottleneck under load); elsewhere, or if syncfs fails, each file and the folder are synced.
    private func syncSpool(_ batch: [Delivery]) throws {
        if let syncfs = Self.syncfs, batch.count > 1, syncfs(folderFD) == 0 { return }
        for d in batch where fdatasync(d.fd) != 0 {
            throw IOError(errnoCode: errno, reason: "fdatasync \(d.message.spoolPath)")
        }
        if fsync(folderFD) != 0 { throw IOError(errnoCode: errno, reason: "fsync of the spool folder") }
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

    private func round(sessions: [TrapSession], batch: [Delivery]) {
        let start = DispatchTime.now().uptimeNanoseconds
        do {
            // The bytes first, then the names in the folder, then the row that makes them count.
            if !batch.isEmpty { try syncSpool(batch) }
            try ledger.commit(sessions: sessions, messages: batch.map(\.message))
            for d in batch { close(d.fd) }
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
            for d in batch {
                close(d.fd)
                d.promise.fail(error)
            }
        }
    }
}
