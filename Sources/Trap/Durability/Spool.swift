import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The trap's spool folder: each message's raw bytes stream into `messages/QUEUEID.eml` while it arrives.
/// A file becomes part of the case only when the case commits a row naming it (after the file is fsynced);
/// at start, files no committed row names were never acknowledged, and move to `unacknowledged/`, kept for
/// inspection but never counted.
struct Spool: Sendable {
    let root: String
    var messages: String { root + "/messages" }
    var unacknowledged: String { root + "/unacknowledged" }

    struct SpoolError: Error, CustomStringConvertible {
        var description: String
    }

    init(root: String) throws {
        self.root = root
        for folder in [root, root + "/messages", root + "/unacknowledged"] {
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw SpoolError(description: "\(folder): cannot create the spool folder (\(error.localizedDescription))")
            }
        }
    }

    /// Moves the files of messages never acknowledged aside; returns how many.
    func setAsideUnacknowledged(committed: Set<String>) throws -> Int {
        var moved = 0
        for name in try FileManager.default.contentsOfDirectory(atPath: messages) {
            let path = messages + "/" + name
            guard !committed.contains(path) else { continue }
            try FileManager.default.moveItem(atPath: path, toPath: unacknowledged + "/" + name)
            moved += 1
        }
        return moved
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
