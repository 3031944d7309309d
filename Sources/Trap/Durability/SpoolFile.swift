import Crypto
import Ingest
import NIOCore
import NIOPosix
#if canImport(Glibc)
import Glibc
#endif

/// One message streaming to its spool file: bytes are hashed and read for their header facts on the event
/// loop, gathered up to `flushSize`, and written by the thread pool, one write in flight at a time; the last
/// chunk of a message, when nothing is in flight, is written on the loop. Used only on the connection's loop.
final class SpoolFile {
    let queueID: String
    let path: String
    let fd: CInt
    private let pool: NIOThreadPool
    private let eventLoop: EventLoop
    private var pending: ByteBuffer
    private var inFlight: EventLoopFuture<Void>
    private var inFlightBytes = 0
    private(set) var size = 0
    /// Bytes past the size limit are counted, not kept.
    let limit: Int
    private var hasher = SHA256()
    private var facts = MessageFactsReader()
    /// The start of a line still arriving, for the facts reader (bounded by `maxLine`).
    private var carry: [UInt8] = []
    private let maxLine: Int
    private var failed: Error?
    static let flushSize = 64 << 10

    init(queueID: String, path: String, fd: CInt, limit: Int, maxLine: Int, pool: NIOThreadPool, eventLoop: EventLoop) {
        self.queueID = queueID; self.path = path; self.fd = fd; self.limit = limit; self.maxLine = maxLine
        self.pool = pool; self.eventLoop = eventLoop
        self.pending = ByteBufferAllocator().buffer(capacity: 4096)
        self.inFlight = eventLoop.makeSucceededVoidFuture()
    }

    /// Bytes held in memory (gathered or being written): the handler stops reading above a bound.
    var buffered: Int { pending.readableBytes + inFlightBytes }

    func append(_ bytes: ByteBuffer) {
        let count = bytes.readableBytes
        defer { size += count }
        guard size < limit else { return }
        var kept = bytes
        if size + count > limit { kept = bytes.getSlice(at: bytes.readerIndex, length: limit - size)! }
        kept.withUnsafeReadableBytes { raw in
            hasher.update(bufferPointer: raw)
            readFacts(raw)
        }
        pending.writeImmutableBuffer(kept)
        if pending.readableBytes >= Self.flushSize { flush() }
    }

    /// Splits into lines for the facts reader; a line longer than `maxLine` is read in pieces.
    private func readFacts(_ raw: UnsafeRawBufferPointer) {
        var start = 0
        while start < raw.count {
            guard let lf = raw[start...].firstIndex(of: 10) else {
                carry += raw[start...]
                if carry.count > maxLine { feedLine(carry); carry.removeAll(keepingCapacity: true) }
                return
            }
            if carry.isEmpty {
                feedLine(raw[start..<lf])
            } else {
                carry += raw[start..<lf]
                feedLine(carry)
                carry.removeAll(keepingCapacity: true)
            }
            start = lf + 1
        }
    }

    private func feedLine<C: Collection<UInt8>>(_ line: C) {
        var bytes = Array(line)
        if bytes.last == 13 { bytes.removeLast() }
        bytes.withUnsafeBytes { facts.feed($0) }
    }

    private func flush() {
        guard pending.readableBytes > 0 else { return }
        let chunk = pending
        pending = ByteBufferAllocator().buffer(capacity: Self.flushSize)
        let fd = self.fd, pool = self.pool, loop = self.eventLoop
        inFlightBytes += chunk.readableBytes
        let n = chunk.readableBytes
        inFlight = inFlight.flatMap {
            pool.runIfActive(eventLoop: loop) { try SpoolFile.writeAll(fd: fd, chunk) }
        }.always { [weak self] _ in self?.inFlightBytes -= n }
    }

    /// A future completing when the bytes in flight are written (to ask for more once memory is back down).
    func drained() -> EventLoopFuture<Void> { inFlight }

    /// Writes what is left; succeeds when every byte is in the file (not yet fsynced: the durable writer does
    /// that before the commit). Returns the header facts and the SHA-256.
    func finish(relays: TrustedRelays?) -> EventLoopFuture<(MessageFacts, String)> {
        if !carry.isEmpty { feedLine(carry); carry.removeAll() }
        if inFlightBytes == 0 && pending.readableBytes > 0 {
            // The usual spam message: at most one gathered chunk and nothing in flight. One write into the page
            // cache costs less on the loop than two thread hops to the pool and back (context switches are
            // the trap's largest cost under load); large bodies still go through the pool as they arrive.
            do { try Self.writeAll(fd: fd, pending) } catch { return eventLoop.makeFailedFuture(error) }
            pending.clear()
        }
        flush()
        let facts = self.facts.finish(relaysFrom: relays)
        let digest = ContentDigest.hexString(hasher.finalize())
        return inFlight.map { (facts, digest) }
    }

    /// Drops the file (a message refused, or a session gone before its end).
    func discard() {
        let fd = self.fd, path = self.path, pool = self.pool, loop = self.eventLoop
        _ = inFlight.always { _ in
            _ = pool.runIfActive(eventLoop: loop) { close(fd); unlink(path) }
        }
    }

    static func writeAll(fd: CInt, _ buffer: ByteBuffer) throws {
        try buffer.withUnsafeReadableBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw IOError(errnoCode: errno, reason: "write")
                }
                offset += n
            }
        }
    }
}
