import Crypto
import Ingest
import NIOCore
import NIOPosix
#if canImport(Glibc)
import Glibc
#endif

/// One message on its way to the spool: bytes are hashed and read for their header facts on the event loop
/// and gathered in memory up to `flushSize`. A message that ends within that is appended whole to a segment
/// (`SpoolSegments`, the usual spam message); a longer one gets a file of its own, written by the thread pool
/// one chunk at a time as it arrives, so memory per session stays bounded. Used only on the connection's loop.
final class SpoolFile {
    /// Where the bytes went, for the durable writer to sync and the case to name.
    enum Stored {
        /// A file of its own, and the record describing it.
        case file(path: String, fd: CInt, record: SpoolSegments.Location)
        case segment(SpoolSegments.Location)

        var path: String {
            switch self {
            case .file(let path, _, _): return path
            case .segment(let location): return location.segment.path
            }
        }
        var offset: Int? {
            if case .segment(let location) = self { return location.offset }
            return nil
        }
    }

    let queueID: String
    private let spool: Spool
    private let segments: SpoolSegments
    /// The message's own file, once it outgrew one chunk.
    private(set) var ownFile: (path: String, fd: CInt)?
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
    /// The own file could not be made: the rest is read and dropped, and `finish` fails (451).
    private var failure: Error?
    static let flushSize = 64 << 10

    init(queueID: String, spool: Spool, segments: SpoolSegments, limit: Int, maxLine: Int, pool: NIOThreadPool, eventLoop: EventLoop) {
        self.queueID = queueID; self.spool = spool; self.segments = segments; self.limit = limit; self.maxLine = maxLine
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

    /// Splits into lines for the facts reader; a line longer than `maxLine` is read in pieces. Lines within
    /// one read go to the reader in place (no copy); only a line split across reads is gathered.
    private func readFacts(_ raw: UnsafeRawBufferPointer) {
        var start = 0
        while start < raw.count {
            guard let lf = raw[start...].firstIndex(of: 10) else {
                carry += raw[start...]
                if carry.count > maxLine { feedGathered(); carry.removeAll(keepingCapacity: true) }
                return
            }
            if carry.isEmpty {
                var end = lf
                if end > start && raw[end - 1] == 13 { end -= 1 }
                facts.feed(UnsafeRawBufferPointer(rebasing: raw[start..<end]))
            } else {
                carry += raw[start..<lf]
                feedGathered()
                carry.removeAll(keepingCapacity: true)
            }
            start = lf + 1
        }
    }

    private func feedGathered() {
        if carry.last == 13 { carry.removeLast() }
        carry.withUnsafeBytes { facts.feed($0) }
    }

    /// Hands the gathered bytes to the pool for the message's own file (made on first use).
    private func flush() {
        guard pending.readableBytes > 0, failure == nil else { pending.clear(); return }
        let fd: CInt
        if let own = ownFile {
            fd = own.fd
        } else {
            do {
                fd = try spool.create(queueID: queueID)
                ownFile = (spool.path(for: queueID), fd)
            } catch {
                failure = error
                pending.clear()
                return
            }
        }
        let chunk = pending
        pending = ByteBufferAllocator().buffer(capacity: Self.flushSize)
        let pool = self.pool, loop = self.eventLoop
        inFlightBytes += chunk.readableBytes
        let n = chunk.readableBytes
        inFlight = inFlight.flatMap {
            pool.runIfActive(eventLoop: loop) { try SpoolFile.writeAll(fd: fd, chunk) }
        }.always { [weak self] _ in self?.inFlightBytes -= n }
    }

    /// A future completing when the bytes in flight are written (to ask for more once memory is back down).
    func drained() -> EventLoopFuture<Void> { inFlight }

    /// Writes what is left; succeeds when every byte of a message with its own file is in that file (not yet
    /// fsynced), with the header facts and the SHA-256. `store` then writes the message's record.
    func finish(relays: TrustedRelays?) -> EventLoopFuture<(MessageFacts, String)> {
        if !carry.isEmpty { feedGathered(); carry.removeAll() }
        let facts = self.facts.finish(relaysFrom: relays)
        let digest = ContentDigest.hexString(hasher.finalize())
        if let failure { return eventLoop.makeFailedFuture(failure) }
        guard let own = ownFile else { return eventLoop.makeSucceededFuture((facts, digest)) }
        if inFlightBytes == 0 && pending.readableBytes > 0 {
            do { try Self.writeAll(fd: own.fd, pending) } catch { return eventLoop.makeFailedFuture(error) }
            pending.clear()
        }
        flush()
        return inFlight.map { (facts, digest) }
    }

    /// Appends the message's record, with `meta` (its description), to a segment: the bytes too for the usual
    /// spam message (a write into the page cache on the loop costs less than two thread hops to the pool and
    /// back), only the description for one with a file of its own. Not yet fsynced: the durable writer does
    /// that before the `250`.
    func store(meta: [UInt8]) throws -> Stored {
        if let own = ownFile {
            let record = try segments.append(queueID: queueID, ByteBuffer(), meta: meta)
            return .file(path: own.path, fd: own.fd, record: record)
        }
        let location = try segments.append(queueID: queueID, pending, meta: meta)
        pending.clear()
        return .segment(location)
    }

    /// Drops the message (refused, or its session gone before its end): its own file if it has one; nothing
    /// of it is in a segment yet.
    func discard() {
        guard let own = ownFile else { return }
        let pool = self.pool, loop = self.eventLoop
        _ = inFlight.always { _ in
            _ = pool.runIfActive(eventLoop: loop) { close(own.fd); unlink(own.path) }
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
