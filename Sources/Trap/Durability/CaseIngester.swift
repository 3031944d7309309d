import Foundation
import Store

/// Writes what the trap accepted into the case, off the path of the `250`: messages the durable writer has
/// made durable (their spool records, with their descriptions, are fsynced) and session records. One thread,
/// each round one transaction of everything that arrived since the last (so under load a round holds many
/// messages); sessions alone wait up to `sessionDelay` for company. Rows appear in the case a moment after
/// the `250`; a round that fails is tried again, and what a crash leaves unwritten is read back from the
/// spool records at the next start.
final class CaseIngester: @unchecked Sendable {
    private let ledger: TrapLedger
    private let condition = NSCondition()
    private var sessions: [String: TrapSession] = [:]
    private var sessionOrder: [String] = []
    private var messages: [TrapMessage] = []
    /// When the oldest session record still waiting was queued.
    private var sessionsSince: Date?
    static let sessionDelay: TimeInterval = 1
    /// When the oldest message still waiting was queued. A round waits up to `messageDelay` for company unless
    /// `fullRound` messages wait already: the rows of one transaction share their index pages and WAL frames,
    /// so under load a round of hundreds costs the CPU of a few (the rows still follow the 250 within 20 ms).
    private var messagesSince: Date?
    static let messageDelay: TimeInterval = 0.02
    static let fullRound = 500
    /// Messages waiting above this make the durable writer wait (memory stays bounded if the case is slow).
    static let maxBacklog = 20_000
    private var stopping = false
    private var thread: Thread?
    private let finished = DispatchSemaphore(value: 0)
    private var lastCheckpoint: UInt64 = 0
    /// A round failed (it is tried again after `retryDelay`; nothing acknowledged is lost meanwhile).
    var onError: (@Sendable (String) -> Void)?
    var onCheckpointError: (@Sendable (String) -> Void)?
    static let retryDelay: TimeInterval = 1

    init(ledger: TrapLedger) { self.ledger = ledger }

    func start() {
        let thread = Thread { [self] in run() }
        thread.name = "botcensus-trap-ingest"
        self.thread = thread
        thread.start()
    }

    /// A session's current record (first sight or an update): written with the next messages, or within
    /// `sessionDelay`. Sessions alone never start a round at once: under load a round per connection costs
    /// more than the messages themselves.
    func record(_ session: TrapSession) {
        condition.lock()
        keep(session, replacing: true)
        if sessionsSince == nil {
            sessionsSince = Date()
            condition.broadcast()
        }
        condition.unlock()
    }

    private func keep(_ session: TrapSession, replacing: Bool) {
        if sessions[session.id] == nil { sessionOrder.append(session.id) } else if !replacing { return }
        sessions[session.id] = session
    }

    /// Durable messages, acknowledged already; waits while the backlog is full.
    func add(_ batch: [TrapMessage]) {
        condition.lock()
        while messages.count >= Self.maxBacklog && !stopping { condition.wait() }
        let first = messages.isEmpty
        if first { messagesSince = Date() }
        messages += batch
        // Wake the ingester to start its clock, or for a full round; not for every message in between.
        if first || messages.count >= Self.fullRound { condition.broadcast() }
        condition.unlock()
    }

    /// Writes what is queued and stops the thread.
    func stop() {
        condition.lock()
        stopping = true
        condition.broadcast()
        condition.unlock()
        if thread != nil { finished.wait() }
    }

    private func run() {
        var failedAt: Date?
        while true {
            condition.lock()
            while !stopping {
                if let failedAt, Date() < failedAt.addingTimeInterval(Self.retryDelay) {
                    _ = condition.wait(until: failedAt.addingTimeInterval(Self.retryDelay))
                    continue
                }
                if let since = messagesSince {
                    let due = since.addingTimeInterval(Self.messageDelay)
                    if messages.count >= Self.fullRound || Date() >= due { break }
                    _ = condition.wait(until: due)
                    continue
                }
                guard let since = sessionsSince else { condition.wait(); continue }
                let due = since.addingTimeInterval(Self.sessionDelay)
                if Date() >= due { break }
                _ = condition.wait(until: due)
            }
            if sessions.isEmpty && messages.isEmpty && stopping { condition.unlock(); break }
            let batch = messages
            let snapshot = sessionOrder.compactMap { sessions[$0] }
            messages.removeAll(keepingCapacity: true)
            sessions.removeAll(keepingCapacity: true)
            sessionOrder.removeAll(keepingCapacity: true)
            sessionsSince = nil
            messagesSince = nil
            condition.broadcast()
            condition.unlock()
            do {
                try ledger.commit(sessions: snapshot, messages: batch)
                failedAt = nil
            } catch {
                onError?("\(error)")
                if stopping {
                    // The records are on disk: the next start writes them.
                    break
                }
                failedAt = Date()
                condition.lock()
                if !batch.isEmpty { messagesSince = messagesSince ?? Date() }
                messages.insert(contentsOf: batch, at: 0)
                // A newer record of a session queued meanwhile wins over the one that failed.
                for s in snapshot { keep(s, replacing: false) }
                if sessionsSince == nil && !snapshot.isEmpty { sessionsSince = Date() }
                condition.unlock()
            }
            let now = DispatchTime.now().uptimeNanoseconds
            if now &- lastCheckpoint > 1_000_000_000 {
                lastCheckpoint = now
                do { try ledger.checkpoint() } catch { onCheckpointError?("\(error)") }
            }
        }
        do { try ledger.checkpoint() } catch { onCheckpointError?("\(error)") }
        finished.signal()
    }
}
