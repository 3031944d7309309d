/// The TCP timestamp clock model that host splitting and the census linker share (Kohno et al. 2005): a
/// host's TSval = Hz · (t − boot) · (1 + skew) mod 2^32, plus a secret offset per (source, destination) pair
/// on Linux 4.10–2025. Different hosts booted at different times, so their lines lie apart.
public enum ClockRates {
    /// Rates of real TCP timestamp clocks, fastest first: Linux 1000 (every kernel since 4.13) and the older
    /// kernels' HZ of 300, 250 and 100; BSD and others 10–1000. (The census once left out 300 Hz, host
    /// splitting had it: real kernels ran at 300 Hz, and a rate no clock runs at links nothing.)
    public static let all: [Double] = [1000, 300, 250, 100, 10]
    /// Largest clock skew believed: Kohno et al. saw tens of ppm; 100 ppm over a 14-day campaign is 121 ticks
    /// at 1000 Hz.
    public static let maxSkew = 100e-6
    /// A measured rate drifts (temperature) by at most this much, relative, over a campaign.
    public static let maxDrift = 0.1e-6
    /// A rate measured over a line is known to this many ticks over its span (one tick of truncation at each end).
    public static let rateResolution = 2.0
    /// The clock wraps here.
    public static let modulus = 4_294_967_296.0

    /// Ticks forward from `a` to `b`: modulo 2^32, so a wrap of the clock costs nothing.
    static func ticks(from a: UInt32, to b: UInt32) -> Double { Double(b &- a) }

    /// How far `b`'s TSval lands from where a clock of `rate` ticks per second through `a` puts it, in
    /// ticks, on the 2^32 circle (the clock wraps; `b` may come before `a`).
    static func miss(_ a: TimedSample, _ b: TimedSample, rate: Double) -> Double {
        var r = (ticks(from: a.tsVal, to: b.tsVal) - rate * (b.time - a.time)).truncatingRemainder(dividingBy: modulus)
        if r < 0 { r += modulus }
        return min(r, modulus - r)
    }

    /// Whether `a` and `b` lie on one line of rate `hz`, within the slack and any skew up to `maxSkew`.
    static func fit(_ a: TimedSample, _ b: TimedSample, hz: Double, slack: ClockSlack) -> Bool {
        miss(a, b, rate: hz) <= slack.tolerance(hz: hz, dt: b.time - a.time)
    }
}

/// How far a SYN may land from where its clock line says, beyond the clock's skew: `ticks` (truncation, the
/// kernel's own tick jitter) plus Hz · `seconds` (the SYN's trip from its host to the trap's capture).
/// Tolerance, in ticks, Δt after a SYN of the line: ticks + Hz · (seconds + skew · Δt), where the skew is
/// `ClockRates.maxSkew` until the line's own rate is measured.
public struct ClockSlack: Sendable {
    public var ticks: Double
    public var seconds: Double

    /// Any skew within `ClockRates.maxSkew`.
    func tolerance(hz: Double, dt: Double) -> Double { ticks + hz * seconds + abs(dt) * hz * ClockRates.maxSkew }

    /// A line whose own rate was measured over `span` seconds: known to `rateResolution` ticks over the span,
    /// drifting by at most `maxDrift`.
    func tolerance(hz: Double, dt: Double, measuredOver span: Double) -> Double {
        ticks + hz * seconds + abs(dt) * (ClockRates.rateResolution / span + hz * ClockRates.maxDrift)
    }

    // The two uses differ on purpose, and were kept as they were measured:
    /// Host splitting: a handful of one address's SYNs, each tried against one anchor. A wide allowance for
    /// delay and jitter keeps a real line whole; among so few SYNs a chance fit is rare.
    public static let oneAddress = ClockSlack(ticks: 1, seconds: 0.5)
    /// Census linking: lines are continued among every host of a stack whose clock phases lie close, where a
    /// chance fit is the risk, so only pcap-time precision is allowed. (Real networks jitter by more than
    /// 5 ms: see docs/CENSUS.md.)
    public static let linking = ClockSlack(ticks: 3, seconds: 0.005)
}
