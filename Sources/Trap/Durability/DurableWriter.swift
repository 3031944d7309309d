import Foundation
import Metrics
import NIOCore
import Store
#if canImport(Glibc)
import Glibc
#endif

/// Postfix's queue discipline for the trap: a message is acknowledged (`250`) only after its spool record,
/// which holds its bytes (or names its own file) and its description, is fsynced — and its own file with its
/// folder entry, if it has one. One thread does this for everything that arrived since its last round (group
/// commit: one fdatasync of the current segment covers every message of the round), then hands the messages
/// to the `CaseIngester`, which writes their rows into the case off the acknowledgement path.
final class DurableWriter: @unchecked Sendable {
    struct Delivery {
        var message: TrapMessage
        var stored: SpoolFile.Stored
        var promise: EventLoopPromise<Void>
    }

    private let ingester: CaseIngester
    private let folderFD: CInt
    private let condition = NSCondition()
    private var deliveries: [Delivery] = []
    private var stopping = false
    private var thread: Thread?
    private let finished = DispatchSemaphore(value: 0)
    private let latency = Timer(label: "botcensus_trap_durable_write_seconds")
    /// Why the last round failed, for the log (the messages of that round were answered 451).
    private(set) var lastError: String?
    var onError: (@Sendable (String) -> Void)?

    init(ingester: CaseIngester, spool: Spool) throws {
        self.ingester = ingester
        self.folderFD = try spool.openFolder()
    }

    func start() {
        ingester.start()
        let thread = Thread { [self] in run() }
        thread.name = "botcensus-trap-durable"
        self.thread = thread
        thread.start()
    }

    /// A session's current record (first sight or an update), for the case.
    func record(_ session: TrapSession) { ingester.record(session) }

    /// A message whose record is in the spool: `promise` succeeds once it is durable.
    func deliver(_ message: TrapMessage, stored: SpoolFile.Stored, promise: EventLoopPromise<Void>) {
        condition.lock()
        deliveries.append(Delivery(message: message, stored: stored, promise: promise))
        condition.signal()
        condition.unlock()
    }

    /// Syncs what is queued, stops the thread, then lets the ingester write what it holds and stop.
    func stop() {
        condition.lock()
        stopping = true
        condition.signal()
        condition.unlock()
        if thread != nil { finished.wait() }
        ingester.stop()
        close(folderFD)
    }

    private func run() {
        while true {
            condition.lock()
            while deliveries.isEmpty && !stopping { condition.wait() }
            if deliveries.isEmpty && stopping { condition.unlock(); break }
            let batch = deliveries
            deliveries.removeAll(keepingCapacity: true)
            condition.unlock()
            round(batch)
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
            case .file(let path, let fd, let record):
                files.append((path, fd))
                segments[ObjectIdentifier(record.segment)] = record.segment
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
        for d in batch { if case .file(_, let fd, _) = d.stored { close(fd) } }
    }

    private func round(_ batch: [Delivery]) {
        let start = DispatchTime.now().uptimeNanoseconds
        do {
            try syncSpool(batch)
            Self.closeFiles(batch)
            let elapsed = DispatchTime.now().uptimeNanoseconds - start
            // The ingester has the messages before any client hears its 250: the session's end (after QUIT)
            // then never reaches the case before the message it ended with.
            ingester.add(batch.map(\.message))
            for d in batch {
                latency.recordNanoseconds(Int64(elapsed))
                d.promise.succeed(())
            }
        } catch {
            // Nothing of this round is acknowledged: the clients get 451 and send again.
            let reason = "\(error)"
            lastError = reason
            onError?(reason)
            Self.closeFiles(batch)
            for d in batch { d.promise.fail(error) }
        }
    }
}
