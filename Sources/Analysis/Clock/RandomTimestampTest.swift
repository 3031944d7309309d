/// Per-connection random TCP timestamps (Linux from 2026) put every SYN on a clock line of its own, so such
/// SYNs count nothing and link nothing. Both decisions read one kind of evidence — SYNs that fit no clock line
/// where one host's clock would have drawn one — at the scope each caller sees:
/// - one address (host splitting): its few SYNs of a stack are one or a few hosts', so lone SYNs say it;
/// - every address (the census): a stack's lone SYNs there are mostly hosts seen once, so only an address's
///   burst, which is one host's, says it, by tick steps no clock could make.
enum RandomTimestampTest {
    /// One address, one stack: `lone` of its `timed` SYNs fit no line. A host that sent several SYNs and drew
    /// no line has a random clock; hosts with one SYN each look the same, so lone SYNs making half a stack's
    /// SYNs, or three of them (a random clock beside real ones), say: timestamps cannot count here.
    static func atOneAddress(lone: Int, timed: Int) -> Bool {
        lone >= 3 || (lone == 2 && timed <= 4)
    }

    /// Every address, one stack: `linked` of the stack's `timed` SYNs lie on lines. Random when there are many
    /// SYNs, almost none on a shared line, and yet SYNs of one address close in time (one burst of one host)
    /// disagree.
    static func acrossAddresses(_ timed: [TimedSample], linked: Int) -> Bool {
        timed.count >= 6 && Double(linked) < 0.2 * Double(timed.count) && burstsDisagree(timed)
    }

    /// Longest gap between two SYNs of one address read as one host's burst.
    static let burst = 60.0
    /// Wide on purpose: only a step far from every clock counts against one (a minute's skew, ≤ 6 ticks, is
    /// lost in it).
    static let burstSlack = ClockSlack(ticks: 3, seconds: 2)

    /// Consecutive SYNs of one address within `burst` whose tick step no candidate rate explains: at least two
    /// such pairs, and eight in ten of them.
    static func burstsDisagree(_ timed: [TimedSample]) -> Bool {
        let ordered = timed.sorted { ($0.address, $0.time) < ($1.address, $1.time) }
        var pairs = 0, disagree = 0
        for (a, b) in zip(ordered, ordered.dropFirst()) where a.address == b.address {
            let dt = b.time - a.time
            guard dt >= 0 && dt <= burst else { continue }
            pairs += 1
            if !ClockRates.all.contains(where: { ClockRates.miss(a, b, rate: $0) <= burstSlack.tolerance(hz: $0, dt: 0) }) { disagree += 1 }
        }
        return pairs >= 2 && disagree * 10 >= pairs * 8
    }
}
