import Foundation
import NIOCore
#if canImport(Glibc)
import Glibc
#endif

/// Append-only segment files for the usual small message, as high-volume MTAs keep their queues: creating a
/// file per message costs more than the rest of a message's work together (inode allocation and the
/// folder's lock, measured at over half the trap's CPU under load), so a message that fits in one spool
/// chunk is appended whole to the current segment at the end of DATA, and only larger ones stream into files
/// of their own. Each record carries its own framing and what the case will say about the message
/// (`SpoolRecordMeta`), so records can be read back without the case:
///
///     BOTCENSUS-SPOOL <queue id> <size> <meta size>\r\n<meta: one JSON line><size bytes of the message>\r\n
///
/// A message with a file of its own has a record too, of size 0, whose description names the file. Records of
/// earlier versions have no description (`BOTCENSUS-SPOOL <queue id> <size>`). The case row names the segment
/// and the offset of the message's first byte. A segment is written by one
/// process, closed when it reaches `maxSize`, and read again only at start (the segments a run left
/// unsealed: see `Spool.recover`).
final class SpoolSegments: @unchecked Sendable {
    /// An open segment; its descriptor closes when the last message written into it is done with it.
    final class Segment: @unchecked Sendable {
        let path: String
        let fd: CInt
        init(path: String, fd: CInt) { self.path = path; self.fd = fd }
        deinit { close(fd) }
    }

    /// Where a message went: the segment (kept open until its round is durable) and its first byte.
    struct Location {
        var segment: Segment
        var offset: Int
    }

    static let maxSize = 64 << 20
    static let magic = "BOTCENSUS-SPOOL"

    private let folder: String
    private let folderFD: CInt
    private let names: () -> String
    private let lock = NSLock()
    private var current: Segment?
    private var end = 0

    /// `names` gives each new segment a unique, time-ordered name.
    init(folder: String, names: @escaping () -> String) throws {
        self.folder = folder
        self.names = names
        folderFD = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard folderFD >= 0 else { throw Spool.SpoolError(description: "\(folder): \(String(cString: strerror(errno)))") }
    }

    deinit { close(folderFD) }

    /// Appends one message as a record (one write, under the lock, so records never interleave). Bytes are in
    /// the page cache when this returns; the durable writer syncs the segment before the message is answered.
    func append(queueID: String, _ body: ByteBuffer, meta: [UInt8]) throws -> Location {
        var record = ByteBufferAllocator().buffer(capacity: body.readableBytes + meta.count + 64)
        record.writeString("\(Self.magic) \(queueID) \(body.readableBytes) \(meta.count)\r\n")
        record.writeBytes(meta)
        let header = record.readableBytes
        record.writeImmutableBuffer(body)
        record.writeString("\r\n")
        lock.lock()
        defer { lock.unlock() }
        if current == nil || end + record.readableBytes > Self.maxSize { try rotate() }
        let segment = current!, start = end
        do {
            try record.withUnsafeReadableBytes { raw in
                var done = 0
                while done < raw.count {
                    let n = pwrite(segment.fd, raw.baseAddress! + done, raw.count - done, off_t(start + done))
                    if n < 0 {
                        if errno == EINTR { continue }
                        throw IOError(errnoCode: errno, reason: "write to \(segment.path)")
                    }
                    done += n
                }
            }
        } catch {
            // A torn record ends the segment: the next message starts a new one, so every segment stays a
            // clean run of records up to its last.
            current = nil
            throw error
        }
        end += record.readableBytes
        return Location(segment: segment, offset: start + header)
    }

    /// A new segment, its name made durable in the folder at once (once per `maxSize` bytes, so the cost
    /// does not matter; the messages in it never wait for a folder sync).
    private func rotate() throws {
        let path = folder + "/" + names() + ".seg"
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o640)
        guard fd >= 0 else { throw Spool.SpoolError(description: "\(path): \(String(cString: strerror(errno)))") }
        guard fsync(folderFD) == 0 else {
            close(fd)
            throw IOError(errnoCode: errno, reason: "fsync of \(folder)")
        }
        current = Segment(path: path, fd: fd)
        end = 0
    }
}

/// Reads the records of a segment, for the start-up check and for tools that print a message.
struct SegmentRecords {
    struct Record {
        var queueID: String
        /// The message's first byte in the segment.
        var offset: Int
        var size: Int
        /// Where its description (`SpoolRecordMeta`) is; nil in records of earlier versions.
        var meta: Range<Int>?
    }

    /// The whole records in order; `tail` is where the readable records end (a torn last record, or bytes
    /// that are no record, begin there).
    static func scan(_ data: Data) -> (records: [Record], tail: Int) {
        var records: [Record] = []
        var position = 0
        let magic = Array((SpoolSegments.magic + " ").utf8)
        while position < data.count {
            guard let lf = data[position..<min(data.count, position + 128)].firstIndex(of: 10) else { break }
            let line = data[position..<lf]
            guard line.starts(with: magic), line.last == 13 else { break }
            let fields = String(decoding: line.dropLast(), as: UTF8.self).split(separator: " ")
            guard fields.count == 3 || fields.count == 4, let size = Int(fields[2]), size >= 0 else { break }
            let metaSize = fields.count == 4 ? Int(fields[3]) ?? -1 : 0
            guard metaSize >= 0 else { break }
            let start = lf + 1 + metaSize
            guard start + size + 2 <= data.count, data[start + size] == 13, data[start + size + 1] == 10 else { break }
            let meta = fields.count == 4 ? (lf + 1 - data.startIndex)..<(start - data.startIndex) : nil
            records.append(Record(queueID: String(fields[1]), offset: start - data.startIndex, size: size, meta: meta))
            position = start + size + 2
        }
        return (records, position - data.startIndex)
    }
}
