/// Hosts behind one address told apart by their TCP timestamp clocks (`ClockRates`): within one stack, each
/// host's SYNs lie on one line TSval ≈ Hz · (t − boot); each line is a host. A stack whose
/// timestamps are random per connection (Linux from 2026) draws no lines: its SYNs count nothing.
public enum TimestampLines {
    public static let method = "tcp-timestamp-lines"

    /// nil when no SYN carries a timestamp.
    public static func split(_ samples: [SynSample]) -> HostSplit? {
        guard samples.contains(where: { $0.tsVal != nil }) else { return nil }
        var groups: [[Int]] = []
        var notes: [String] = []
        var random = false
        var untimedStacks = 0
        for key in HostSplit.grouped(Array(samples.indices), key: { samples[$0].host }) {
            let timed = TimedSample.of(key, in: samples)
            guard !timed.isEmpty else { groups.append(key); untimedStacks += 1; continue }
            let perDestination = HostSplit.grouped(Array(timed.indices)) { timed[$0].trap }.map { Finder.find($0.map { timed[$0] }) }
            let lone = perDestination.joined().filter { $0.members.count == 1 }.count
            if RandomTimestampTest.atOneAddress(lone: lone, timed: timed.count) {
                random = true
                groups.append(key)
                notes.append("\(lone) of \(timed.count) SYNs of one stack fit no clock line: per-connection random TCP timestamps: they count nothing")
                continue
            }
            var hosts = Destinations.hosts(perDestination)
            // SYNs of this stack without a timestamp (mixed sources) cannot be placed: the first host keeps them.
            hosts[0] += key.filter { samples[$0].tsVal == nil }
            groups += hosts.map { $0.sorted() }
            let rates = Set(perDestination.joined().compactMap(\.hz)).sorted().map { "\(Int($0)) Hz" }
            notes.append("\(timed.count) SYNs on \(hosts.count) clock line\(hosts.count == 1 ? "" : "s")"
                + (rates.isEmpty ? "" : " (\(rates.joined(separator: ", ")))")
                + (perDestination.count > 1 ? " across \(perDestination.count) destinations" : ""))
        }
        if untimedStacks > 0 { notes.append("\(untimedStacks) stack\(untimedStacks == 1 ? "" : "s") without timestamps, one host each") }
        return HostSplit(hosts: groups.count, groups: groups, method: method,
                         detail: "TCP clock lines (skew ≤ \(Int((ClockRates.maxSkew * 1e6).rounded())) ppm, wrap at 2^32): " + notes.joined(separator: "; "),
                         randomTimestamps: random)
    }
}
