#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// The wall time and memory of each step of a long piece of work (`census --stage-times`): when a step ends,
/// one line with its seconds, the process's resident memory then and its peak so far. Benchmarks read these
/// lines to show how each step grows with the case.
public final class StageTimes: Sendable {
    private struct Running { var name: String; var started: Double }
    private let state = Mutex<(running: Running?, lines: [String])>((nil, []))

    public init() {}

    /// Ends the step running (if any) and starts `name`.
    public func stage(_ name: String) {
        let now = TerminalProgress.now()
        state.withLock { s in
            if let r = s.running { s.lines.append(Self.line(r, now)) }
            s.running = Running(name: name, started: now)
        }
    }

    /// Ends the step running; every step's line, in order.
    @discardableResult
    public func finish() -> [String] {
        let now = TerminalProgress.now()
        return state.withLock { s in
            if let r = s.running { s.lines.append(Self.line(r, now)) }
            s.running = nil
            return s.lines
        }
    }

    private static func line(_ r: Running, _ now: Double) -> String {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let peak = Int(usage.ru_maxrss) / 1024            // KiB on Linux
        let seconds = (now - r.started).rounded(toPlaces: 2)
        return "stage \(r.name): \(seconds) s, resident \(residentMiB() ?? -1) MiB, peak \(peak) MiB"
    }

    /// The resident set now (`/proc/self/statm`), in MiB.
    static func residentMiB() -> Int? {
        let fd = open("/proc/self/statm", O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 128)
        let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, 127) }
        guard n > 0 else { return nil }
        let fields = String(decoding: buffer[0..<n], as: UTF8.self).split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return nil }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE))) / (1024 * 1024)
    }
}

private extension Double {
    func rounded(toPlaces places: Int) -> Double {
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        return (self * scale).rounded() / scale
    }
}
