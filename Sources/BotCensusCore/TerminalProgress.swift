#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// One status line on stderr for long work (bytes, records, rate), redrawn at most four times a second;
/// silent when stderr is not a terminal, so logs and pipes get only the final results.
public final class TerminalProgress: Sendable {
    private struct State {
        var bytes = 0
        var records = 0
        var lastDraw = 0.0
        var drawn = false
    }

    private let label: String
    private let totalBytes: Int?
    private let started: Double
    private let enabled: Bool
    private let state = Mutex(State())

    public init(label: String, totalBytes: Int? = nil, enabled: Bool = isatty(2) != 0) {
        self.label = TerminalText.escape(label)
        self.totalBytes = totalBytes
        self.enabled = enabled
        self.started = TerminalProgress.now()
    }

    public func bytes(_ n: Int) {
        guard enabled else { return }
        state.withLock { $0.bytes = n }
        drawIfDue()
    }

    /// Counts records; cheap enough per record (the clock is read once in 4,096 calls).
    public func record(_ n: Int = 1) {
        guard enabled else { return }
        let due = state.withLock { s -> Bool in
            s.records += n
            return s.records & 4095 == 0
        }
        if due { drawIfDue() }
    }

    /// Shows which step of a long piece of work is running (no counts): "attributing 101078 addresses".
    public func stage(_ text: String) {
        guard enabled else { return }
        let elapsed = TerminalProgress.now() - started
        let line = "\r\u{1B}[K\(label): \(text) (\(Int(elapsed)) s)"
        state.withLock { s in
            s.drawn = true
            _ = line.utf8CString.withUnsafeBufferPointer { write(2, $0.baseAddress, $0.count - 1) }
        }
    }

    /// Clears the status line.
    public func finish() {
        guard enabled else { return }
        state.withLock { s in
            if s.drawn { write(2, "\r\u{1B}[K", 4) }
            s.drawn = false
        }
    }

    private func drawIfDue() {
        let now = TerminalProgress.now()
        state.withLock { s in
            guard now - s.lastDraw >= 0.25 else { return }
            s.lastDraw = now
            s.drawn = true
            let elapsed = max(now - started, 1e-3)
            var text = "\r\u{1B}[K\(label): "
            if let totalBytes, totalBytes > 0 {
                text += "\(Self.mib(s.bytes)) of \(Self.mib(totalBytes)) MiB (\(s.bytes * 100 / totalBytes)%), "
            } else if s.bytes > 0 {
                text += "\(Self.mib(s.bytes)) MiB, "
            }
            text += "\(s.records) records, \(Int(Double(s.records) / elapsed)) records/s"
            _ = text.utf8CString.withUnsafeBufferPointer { write(2, $0.baseAddress, $0.count - 1) }
        }
    }

    private static func mib(_ bytes: Int) -> Int { bytes >> 20 }

    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}
