import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The trap's spool folder. A message that fits in one spool chunk is appended whole to a segment
/// (`segments/NAME.seg`, see `SpoolSegments`); a larger one streams into `messages/QUEUEID.eml` while it
/// arrives. A message becomes part of the case only when the case commits a row naming it (after its bytes
/// are fsynced); at start, messages no committed row names were never acknowledged, and are moved (files) or
/// copied (segment records) to `unacknowledged/`, kept for inspection but never counted.
public struct Spool: Sendable {
    public let root: String
    var messages: String { root + "/messages" }
    var segments: String { root + "/segments" }
    var unacknowledged: String { root + "/unacknowledged" }

    struct SpoolError: Error, CustomStringConvertible {
        var description: String
    }

    init(root: String) throws {
        self.root = root
        for folder in [root, root + "/messages", root + "/segments", root + "/unacknowledged"] {
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw SpoolError(description: "\(folder): cannot create the spool folder (\(error.localizedDescription))")
            }
        }
    }

    /// Sets aside what an earlier run wrote but never acknowledged; returns how many messages. Segments are
    /// read once: a checked one gets a `.sealed` mark beside it, so a restart reads only the last run's.
    func setAsideUnacknowledged(isCommitted: (String) throws -> Bool) throws -> Int {
        var moved = 0
        let files = FileManager.default
        for name in try files.contentsOfDirectory(atPath: messages) {
            let queueID = name.hasSuffix(".eml") ? String(name.dropLast(4)) : name
            guard try !isCommitted(queueID) else { continue }
            try files.moveItem(atPath: messages + "/" + name, toPath: unacknowledged + "/" + name)
            moved += 1
        }
        let names = Set(try files.contentsOfDirectory(atPath: segments))
        for name in names.sorted() where name.hasSuffix(".seg") && !names.contains(name + ".sealed") {
            let path = segments + "/" + name
            let data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
            let (records, tail) = SegmentRecords.scan(data)
            for record in records where try !isCommitted(record.queueID) {
                try write(data[record.offset..<record.offset + record.size], to: unacknowledged + "/" + record.queueID + ".eml")
                moved += 1
            }
            if tail < data.count, data[tail...].contains(where: { $0 != 0 }) {
                // A record torn by a crash during its write: never acknowledged, kept as it is.
                try write(data[tail...], to: unacknowledged + "/" + name + ".tail")
            }
            guard files.createFile(atPath: path + ".sealed", contents: nil) else {
                throw SpoolError(description: "\(path).sealed: cannot create")
            }
        }
        return moved
    }

    private func write(_ bytes: Data, to path: String) throws {
        do { try Data(bytes).write(to: URL(fileURLWithPath: path)) } catch {
            throw SpoolError(description: "\(path): cannot write (\(error.localizedDescription))")
        }
    }

    func path(for queueID: String) -> String { messages + "/" + queueID + ".eml" }

    /// Opens a new message file for writing (never an existing one).
    func create(queueID: String) throws -> CInt {
        let fd = open(path(for: queueID), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o640)
        guard fd >= 0 else { throw SpoolError(description: "\(path(for: queueID)): \(String(cString: strerror(errno)))") }
        return fd
    }

    /// The folder's descriptor, fsynced after new files so their names are durable too.
    func openFolder() throws -> CInt {
        let fd = open(messages, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw SpoolError(description: "\(messages): \(String(cString: strerror(errno)))") }
        return fd
    }

    /// A stored message's bytes as the case names them: a whole file (`offset` nil) or `size` bytes of a
    /// segment from `offset`.
    public static func messageBytes(path: String, offset: Int?, size: Int) throws -> Data {
        guard let offset else { return try Data(contentsOf: URL(fileURLWithPath: path)) }
        guard let handle = FileHandle(forReadingAtPath: path) else { throw SpoolError(description: "\(path): cannot open") }
        defer { try? handle.close() }
        try handle.seek(toOffset: UInt64(offset))
        let bytes = try handle.read(upToCount: size) ?? Data()
        guard bytes.count == size else { throw SpoolError(description: "\(path): \(size) bytes at \(offset) expected, \(bytes.count) there") }
        return bytes
    }
}

/// Queue ids: the accept time in microseconds and a per-process counter, in hex (sortable by time, unique
/// across restarts of one trap because time moves on).
struct QueueIDs: Sendable {
    private let counter = Counter()

    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var value: UInt32 = 0
        func next() -> UInt32 { lock.lock(); defer { lock.unlock() }; value &+= 1; return value }
    }

    func next() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let micros = UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec / 1000)
        let hex = String(micros, radix: 16, uppercase: true)
        let count = String(counter.next() & 0xFFFFF, radix: 16, uppercase: true)
        return hex + String(repeating: "0", count: 5 - count.count) + count
    }
}
