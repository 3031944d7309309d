import Foundation

/// Spaces probe starts evenly at `perSecond` (a schedule, not a bucket: start k is due at k / rate after the
/// first, so the long-run rate holds exactly and no burst exceeds it). Nil rate: no limit.
public actor RateLimiter {
    let interval: Double?
    private var next: Double?

    public init(perSecond: Double?) {
        interval = perSecond.flatMap { $0 > 0 ? 1 / $0 : nil }
    }

    public func acquire() async {
        guard let interval else { return }
        let now = Self.now()
        let due = max(next ?? now, now)   // an idle spell earns nothing: no burst after it
        next = due + interval
        if due > now { try? await Task.sleep(nanoseconds: UInt64((due - now) * 1e9)) }
    }

    static func now() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }
}
