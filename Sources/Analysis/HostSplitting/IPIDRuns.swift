/// Hosts behind one address told apart by their IPv4 ID counters (Bellovin 2002): a stack with one global
/// counter stamps each packet with the next value, so one host's SYNs climb by the packets it sent in
/// between. A SYN that no recent run could have reached at any plausible packet rate comes from another
/// counter — another host. IDs that are always zero or random per packet count nothing.
///
/// Time scale: at `maxRate` packets per second a counter can pass every value of 2^16 within
/// 65536 / maxRate seconds (33 s at 2000/s); SYNs further apart than that cannot be linked or told apart,
/// so they never make a new host: only SYNs close in time that no counter explains do.
public enum IPIDRuns {
    public static let method = "ip-id-runs"

    /// `maxRate`: the most packets per second a host is believed to send (every packet advances its counter).
    public static func split(_ samples: [SynSample], maxRate: Double = 2000) -> HostSplit? {
        guard samples.contains(where: { $0.ipID != nil }) else { return nil }
        let window = 65536 / maxRate - timingSlack
        var groups: [[Int]] = []
        var notes: [String] = []
        var counted = false
        for key in HostSplit.grouped(Array(samples.indices), key: { samples[$0].host }) {
            let withID = key.compactMap { i in samples[i].ipID.map { Stamped(index: i, time: samples[i].time, id: $0) } }
                .sorted { ($0.time, $0.index) < ($1.time, $1.index) }
            switch behaviour(withID, window: window) {
            case .none:
                groups.append(key)
            case .zero:
                groups.append(key); notes.append("\(withID.count) SYNs of one stack have IP ID 0: no counter")
            case .random:
                groups.append(key); notes.append("\(withID.count) SYNs of one stack have IP IDs that never step forward like a counter: random IDs count nothing")
            case .untested:
                groups.append(key); notes.append("\(withID.count) SYNs of one stack, none within \(Int(window)) s of another: not linked")
            case .counter:
                counted = true
                var runs = link(withID, maxRate: maxRate, window: window)
                runs[0] += key.filter { samples[$0].ipID == nil }
                groups += runs.map { $0.sorted() }
                notes.append("\(withID.count) SYNs in \(runs.count) counter run\(runs.count == 1 ? "" : "s")")
            }
        }
        guard counted else { return nil }
        return HostSplit(hosts: groups.count, groups: groups, method: method,
                         detail: "IP-ID runs (≤ \(Int(maxRate)) packets/s, linked within \(Int(window)) s): " + notes.joined(separator: "; "))
    }

    /// Capture times may be whole seconds (p0f logs): a second of doubt on every gap.
    static let timingSlack = 1.0
    /// A counter step at most this many packets per second (plus a little) is what one host's counter
    /// does; random IDs make such steps rarely (a step of d has probability d / 65536).
    static let typicalRate = 100.0

    enum Behaviour { case none, zero, random, untested, counter }

    /// A SYN that carries an IP ID, with its index among the samples given.
    struct Stamped {
        var index: Int
        var time: Double
        var id: Int
    }

    /// How one stack's IDs behave: all zero; or, over SYNs with an earlier SYN within `window`, how many
    /// are a small forward step from one of those (a counter's next value). One counter or a few
    /// interleaved ones do that for most SYNs; random IDs by chance only (a few percent per earlier SYN).
    /// Few such steps mean random IDs, or so many hosts that each sent once: either way nothing to count.
    static func behaviour(_ syns: [Stamped], window: Double) -> Behaviour {
        guard !syns.isEmpty else { return .none }
        if syns.allSatisfy({ $0.id == 0 }) { return .zero }
        var tested = 0, small = 0
        var first = 0
        for (k, b) in syns.enumerated() {
            while b.time - syns[first].time >= window { first += 1 }
            guard first < k else { continue }
            tested += 1
            let follows = syns[first..<k].contains { a in
                let gap = b.time - a.time
                return Double(step(a, b)) <= typicalRate * (gap + timingSlack) + 64
            }
            if follows { small += 1 }
        }
        if tested == 0 { return .untested }
        return small * 2 >= tested ? .counter : .random
    }

    /// Forward step of the counter from `a` to `b`, modulo 2^16.
    static func step(_ a: Stamped, _ b: Stamped) -> Int { (b.id - a.id + 65536) % 65536 }

    /// Runs in time order. A SYN may join a run whose last SYN is recent (within `window`) when it steps
    /// forward from it by at least 1 and at most `maxRate` per second, or any run out of reach (no telling).
    /// Among those it joins the one that predicts its ID best: from the run's measured rate when it has
    /// one, else the smallest step; else the latest run out of reach. Only when every run's last SYN is
    /// recent and none can lead to it does it open a run: a new host.
    static func link(_ syns: [Stamped], maxRate: Double, window: Double) -> [[Int]] {
        var runs: [Run] = []
        for s in syns {
            var best: (run: Int, miss: Double)?
            var latest: (run: Int, time: Double)?
            for (r, run) in runs.enumerated() {
                let last = run.last
                let gap = s.time - last.time
                let d = step(last, s)
                var miss: Double?
                if gap >= window {
                    if last.time > latest?.time ?? -.infinity { latest = (r, last.time) }
                } else {
                    guard d >= 1 && Double(d) <= maxRate * (gap + timingSlack) else { continue }
                    miss = Double(d)
                }
                if let rate = run.rate {
                    // How far the ID lands from where the run's own rate says its counter is now.
                    let ahead = (Double(d) - rate * gap).truncatingRemainder(dividingBy: 65536)
                    let off = min(abs(ahead), 65536 - abs(ahead))
                    if gap < window || off < 65536 / 8 { miss = off }
                }
                if let miss, miss < best?.miss ?? .infinity { best = (r, miss) }
            }
            if let r = best?.run ?? latest?.run {
                let last = runs[r].last
                if s.time - last.time < window { runs[r].measure(steps: step(last, s) - 1, over: s.time - last.time) }
                runs[r].members.append(s.index)
                runs[r].last = s
            } else {
                runs.append(Run(members: [s.index], last: s))
            }
        }
        return runs.map(\.members)
    }

    /// One counter's SYNs (sample indices), its latest SYN, and the rate of its other traffic measured over
    /// proven links.
    struct Run {
        var members: [Int]
        var last: Stamped
        var packets = 0.0
        var seconds = 0.0
        var rate: Double? { seconds > 0 ? packets / seconds : nil }
        mutating func measure(steps: Int, over gap: Double) { packets += Double(max(0, steps)); seconds += max(gap, 0) }
    }
}
