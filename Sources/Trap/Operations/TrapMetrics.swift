import Foundation
import Metrics

/// The trap's metrics through swift-metrics (exported by swift-prometheus at `--metrics`): what an operator
/// watches — sessions, messages and bytes accepted, refusals by reason, how many connections came with their
/// SYN, and (in DurableWriter) how long durable writes take.
struct TrapMetrics: Sendable {
    let sessions = Counter(label: "botcensus_trap_sessions_total")
    let activeSessions = Gauge(label: "botcensus_trap_sessions_active")
    let messages = Counter(label: "botcensus_trap_messages_total")
    let bytes = Counter(label: "botcensus_trap_message_bytes_total")
    let synCaptured = Counter(label: "botcensus_trap_syn_total", dimensions: [("outcome", "captured")])
    let synMissing = Counter(label: "botcensus_trap_syn_total", dimensions: [("outcome", "missing")])
    let synRatio = Gauge(label: "botcensus_trap_syn_capture_ratio")
    let authAttempts = Counter(label: "botcensus_trap_auth_attempts_total")
    private let counts = Counts()

    /// Running totals the process prints when it stops (Prometheus counters are write-only).
    final class Counts: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var sessions = 0, active = 0, withSYN = 0, messages = 0, bytes = 0, rejects: [String: Int] = [:]
        func update(_ body: (Counts) -> Void) { lock.lock(); body(self); lock.unlock() }
        func session(syn: Bool) -> Double {
            update { $0.sessions += 1; if syn { $0.withSYN += 1 } }
            return Double(withSYN) / Double(max(sessions, 1))
        }
        func open(_ delta: Int) -> Int { lock.lock(); defer { lock.unlock() }; active += delta; return active }
        func message(bytes n: Int) { update { $0.messages += 1; $0.bytes += n } }
        func reject(_ reason: String) { update { $0.rejects[reason, default: 0] += 1 } }
        var snapshot: (sessions: Int, withSYN: Int, messages: Int, bytes: Int, rejects: [String: Int]) {
            lock.lock(); defer { lock.unlock() }
            return (sessions, withSYN, messages, bytes, rejects)
        }
    }

    var totals: (sessions: Int, withSYN: Int, messages: Int, bytes: Int, rejects: [String: Int]) { counts.snapshot }
    var active: Int { counts.open(0) }

    func sessionOpened(syn: Bool) {
        sessions.increment()
        (syn ? synCaptured : synMissing).increment()
        synRatio.record(counts.session(syn: syn))
    }

    func connectionOpened() { activeSessions.record(counts.open(1)) }
    func connectionClosed() { activeSessions.record(counts.open(-1)) }

    func messageAccepted(bytes n: Int) {
        messages.increment()
        bytes.increment(by: n)
        counts.message(bytes: n)
    }

    /// A refusal: `sessions`, `per-ip`, `size`, `recipients`, `line`, `commands`, `errors`, `timeout`,
    /// `syntax`, `store`, `shutdown`.
    func rejected(_ reason: String) {
        Counter(label: "botcensus_trap_rejects_total", dimensions: [("reason", reason)]).increment()
        counts.reject(reason)
    }
}
