import Foundation

/// When each probe may start at `perSecond`: start k is due at k / rate after the first, so the long-run rate
/// holds exactly and no burst exceeds it; an idle spell earns nothing (no catch-up burst after it). Pure:
/// the caller brings the clock.
public struct RateSchedule: Sendable {
    public let interval: Double
    private var next: Double?

    public init(perSecond: Double) { interval = 1 / perSecond }

    /// The time the next start is due, given the time now (never earlier than now).
    public mutating func due(now: Double) -> Double {
        let due = max(next ?? now, now)
        next = due + interval
        return due
    }
}

/// The schedule on the monotonic clock, shared by the probing tasks. Nil rate: no limit.
public actor RateLimiter {
    private var schedule: RateSchedule?

    public init(perSecond: Double?) {
        schedule = perSecond.flatMap { $0 > 0 ? RateSchedule(perSecond: $0) : nil }
    }

    public func acquire() async {
        guard schedule != nil else { return }
        let now = Self.now()
        let due = schedule!.due(now: now)
        if due > now { try? await Task.sleep(nanoseconds: UInt64((due - now) * 1e9)) }
    }

    static func now() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }
}
