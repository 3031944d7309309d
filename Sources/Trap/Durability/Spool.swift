import Foundation
import Store
#if canImport(Glibc)
import Glibc
#endif

/// The trap's spool folder. A message that fits in one spool chunk is appended whole to a segment
/// (`segments/NAME.seg`, see `SpoolSegments`); a larger one streams into `messages/QUEUEID.eml` while it
/// arrives. Either way the segment holds a record describing the message (`SpoolRecordMeta`); once that is
/// fsynced the message is acknowledged, and its case row follows. At start, durable records whose rows are
/// missing are written into the case, and what never became durable (a torn record, a file no record names)
/// goes to `unacknowledged/`, kept for inspection but never counted.
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

    /// What an earlier run left: `recovered` messages whose durable records had no row in the case yet
    /// (acknowledged, or at least durable, when the run ended: written now), `setAside` ones never made
    /// durable (kept in `unacknowledged/`, never counted).
    struct Recovery {
        var recovered = 0
        var setAside = 0
    }

    /// Reads back what an earlier run wrote. Segments are read once: a checked one gets a `.sealed` mark beside
    /// it (after its rows are on disk), so a restart reads only the last run's. Records with a description
    /// (`SpoolRecordMeta`) become rows through `ingest` (called with a few hundred at a time, and durable when
    /// it returns); records of earlier versions without one, and own files no row or record names, are set aside.
    func recover(isCommitted: (String) throws -> Bool,
                 ingest: ([TrapSession], [TrapMessage]) throws -> Void) throws -> Recovery {
        var recovery = Recovery()
        let files = FileManager.default
        var described = Set<String>()
        let names = Set(try files.contentsOfDirectory(atPath: segments))
        for name in names.sorted() where name.hasSuffix(".seg") && !names.contains(name + ".sealed") {
            let path = segments + "/" + name
            let data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
            let (records, tail) = SegmentRecords.scan(data)
            var sessions: [String: TrapSession] = [:]
            var messages: [TrapMessage] = []
            func flush() throws {
                guard !messages.isEmpty else { return }
                try ingest(Array(sessions.values), messages)
                recovery.recovered += messages.count
                sessions = [:]
                messages = []
            }
            for record in records where try !isCommitted(record.queueID) {
                if let meta = record.meta {
                    let (message, session) = try decode(data[meta], record: record, path: path)
                    if message.spoolOffset == nil { described.insert(message.spoolPath) }
                    // The latest record of a session (a later message's) says the most.
                    if (sessions[session.id]?.commands ?? -1) <= session.commands { sessions[session.id] = session }
                    messages.append(message)
                    if messages.count >= 500 { try flush() }
                } else {
                    try write(data[record.offset..<record.offset + record.size], to: unacknowledged + "/" + record.queueID + ".eml")
                    recovery.setAside += 1
                }
            }
            try flush()
            if tail < data.count, data[tail...].contains(where: { $0 != 0 }) {
                // A record torn by a crash during its write: never acknowledged, kept as it is.
                try write(data[tail...], to: unacknowledged + "/" + name + ".tail")
            }
            guard files.createFile(atPath: path + ".sealed", contents: nil) else {
                throw SpoolError(description: "\(path).sealed: cannot create")
            }
        }
        for name in try files.contentsOfDirectory(atPath: messages) {
            let queueID = name.hasSuffix(".eml") ? String(name.dropLast(4)) : name
            guard try !isCommitted(queueID), !described.contains(messages + "/" + name) else { continue }
            try files.moveItem(atPath: messages + "/" + name, toPath: unacknowledged + "/" + name)
            recovery.setAside += 1
        }
        return recovery
    }

    private func decode(_ meta: Data, record: SegmentRecords.Record, path: String) throws -> (TrapMessage, TrapSession) {
        do {
            return try SpoolRecordMeta.decode(meta, queueID: record.queueID, path: path, offset: record.offset)
        } catch {
            throw SpoolError(description: "\(path): the record of \(record.queueID) at \(record.offset): \(error)")
        }
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

/// Queue ids: the accept time in microseconds (13 hex digits until 2112), the trap run's `imports` row id
/// and a per-process counter (5 digits), in hex: sortable by time, unique across restarts of one trap because
/// time moves on, and across the traps writing one case because each run has its own row.
struct QueueIDs: Sendable {
    private let counter = Counter()
    private let node: String

    init(node: Int64) { self.node = String(UInt64(bitPattern: node), radix: 16, uppercase: true) }

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
        return hex + node + String(repeating: "0", count: 5 - count.count) + count
    }
}
