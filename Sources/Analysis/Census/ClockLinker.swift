import BotCensusCore

/// A host followed across addresses and traps by its TCP timestamp clock (`ClockRates`).
public struct LinkedClock: Sendable {
    public var host: HostKey
    public var hz: Double
    /// Indices into the SYNs given to `ClockLinker.link`.
    public var members: [Int]
    /// Measured ticks per second over the line (nil for a line too short to measure).
    public var rate: Double?
}

/// Links SYNs into clock lines. A host's TSval grows at Hz·(1 + skew) from its boot (raw uptime clocks) or
/// from a secret offset per address pair (Linux 4.10–2025), so within one stack, hop distance and trap its
/// SYNs satisfy t − TSval/Hz ≈ constant, drifting by at most the skew (±`ClockRates.maxSkew`) over the
/// campaign. Lines of one host at two traps share the clock's rate, which is how they are joined (the skew is
/// the device's own, tens of ppm, measured to a fraction of a ppm over hours). Per-connection random offsets
/// put every SYN on a line of its own: groups that look like that are reported and left out.
public enum ClockLinker {
    /// A line's rate is measured when it spans this long; two lines' rates are compared within what
    /// their tick resolution over their spans allows, plus `rateSlack` (relative).
    public static let minSpan = 6.0 * 3600
    public static let rateSlack = 0.05e-6
    /// Longest gap over which two lone SYNs are joined on the skew bound alone.
    public static let pairWindow = 4 * 86400.0
    static let slack = ClockSlack.linking

    public struct Result: Sendable {
        public var lines: [LinkedClock]
        /// Groups (stack and distance) whose timestamps look random per connection.
        public var randomGroups: [HostKey]
        /// Lines too short to measure a rate, seen at fewer traps than their group: each may be a fragment
        /// of a host that another line also holds (its clock offset differs per trap), so the host count may
        /// be high by up to this many.
        public var fragments: Int = 0
    }

    /// A line while it is built: its SYNs (in time order until lines of several traps are merged) and its
    /// rate once measured.
    struct Line {
        var host: HostKey
        var hz: Double
        var members: [TimedSample]
        var rate: Double?

        var traps: Set<String> { Set(members.map(\.trap)) }
        var span: Double {
            let times = members.map(\.time)
            return (times.max() ?? 0) - (times.min() ?? 0)
        }
    }

    public static func link(_ syns: [SynSample]) -> Result {
        var byGroup: [HostKey: [TimedSample]] = [:]
        for s in TimedSample.of(syns.indices, in: syns) { byGroup[syns[s.index].host, default: []].append(s) }
        var lines: [Line] = []
        var randomGroups: [HostKey] = []
        for (host, timed) in byGroup.sorted(by: { $0.key < $1.key }) {
            let found = linesOfOneGroup(timed, host: host)
            let linked = found.reduce(0) { $0 + $1.members.count }
            if RandomTimestampTest.acrossAddresses(timed, linked: linked) {
                randomGroups.append(host)
                continue
            }
            lines += found
        }
        let merged = mergeAcrossTraps(lines).filter { !chancePair($0) }
        var groupTraps: [HostKey: Set<String>] = [:]
        for l in merged { groupTraps[l.host, default: []].formUnion(l.traps) }
        let fragments = merged.filter { l in l.span < minSpan && l.traps.count < groupTraps[l.host, default: []].count }.count
        return Result(lines: merged.map { LinkedClock(host: $0.host, hz: $0.hz, members: $0.members.map(\.index), rate: $0.rate) },
                      randomGroups: randomGroups, fragments: fragments)
    }

    /// Two SYNs at two addresses, hours apart, fit a clock on the skew bound alone as often by chance as by
    /// one host: per-connection random timestamps among a stack's real clocks drew such pairs, more of them the
    /// more SYNs the stack sent (ThingBot: 50 pairs, every one two hosts; with three times the messages, 346,
    /// which put the host count 8% over the truth, outside its interval). A host's own two SYNs are nearly
    /// always one address's (59 of 64 there); these are left unlinked.
    static func chancePair(_ line: Line) -> Bool {
        line.members.count == 2 && line.members[0].address != line.members[1].address
    }

    /// Lines (≥ 2 SYNs) among SYNs of one group (a raw uptime clock draws one line through every trap; a
    /// per-pair offset draws one line per trap).
    static func linesOfOneGroup(_ timed: [TimedSample], host: HostKey) -> [Line] {
        // One stack runs one clock rate: the rate that links the most SYNs wins (on a tie the faster), so
        // chance alignments at a wrong rate (two hosts' SYNs days apart that happen to fit) cannot tear a true
        // line apart.
        var best: (score: Int, lines: [Line]) = (0, [])
        for hz in ClockRates.all {
            let lines = lines(timed, hz: hz, host: host)
            let score = lines.reduce(0) { $0 + $1.members.count - 1 }
            if score > best.score { best = (score, lines) }
        }
        return best.lines
    }

    static func lines(_ timed: [TimedSample], hz: Double, host: HostKey) -> [Line] {
        let period = ClockRates.modulus / hz
        // Phase of the clock: boot time modulo the wrap period.
        func phase(_ s: TimedSample) -> Double {
            let p = (s.time - Double(s.tsVal) / hz).truncatingRemainder(dividingBy: period)
            return p < 0 ? p + period : p
        }
        let ordered = timed.map { (s: $0, p: phase($0)) }.sorted { $0.p < $1.p }
        var out: [Line] = []
        var k = 0
        while k < ordered.count {
            var j = k + 1
            // A cluster: neighbours in phase within the drift a skewed clock can build up.
            while j < ordered.count && ordered[j].p - ordered[j - 1].p <= phaseTolerance(hz) { j += 1 }
            if j - k >= 2 {
                out += splitIntoLines(ordered[k..<j].map(\.s), hz: hz, host: host).filter { $0.members.count >= 2 }
            }
            k = j
        }
        return out
    }

    /// Seconds of phase: two ticks, plus the drift of the largest skew over a 30-day campaign.
    static func phaseTolerance(_ hz: Double) -> Double { ClockRates.rateResolution / hz + ClockRates.maxSkew * 30 * 86400 }

    /// Greedy in time: a SYN joins the first line it continues, else starts one.
    static func splitIntoLines(_ members: [TimedSample], hz: Double, host: HostKey) -> [Line] {
        var lines: [Line] = []
        for s in members.sorted(by: { $0.time < $1.time }) {
            if let l = lines.firstIndex(where: { continues($0, with: s, hz: hz) }) {
                lines[l].members.append(s)
            } else {
                lines.append(Line(host: host, hz: hz, members: [s]))
            }
        }
        // Rate over the whole line, for joining traps.
        for l in lines.indices where lines[l].members.count >= 2 {
            let a = lines[l].members[0], b = lines[l].members[lines[l].members.count - 1]
            let span = b.time - a.time
            lines[l].rate = span >= minSpan ? ClockRates.ticks(from: a.tsVal, to: b.tsVal) / span : nil
        }
        return lines
    }

    /// Whether `s` continues `line` (time-ordered). Two SYNs fit any skew within the bound, which by chance a
    /// random TSval also does over long gaps; so a second SYN joins only within `pairWindow`, and once a line
    /// spans a minute its own measured rate must predict the next SYN.
    static func continues(_ line: Line, with s: TimedSample, hz: Double) -> Bool {
        let first = line.members[0], last = line.members[line.members.count - 1]
        let dt = s.time - last.time
        let span = last.time - first.time
        if line.members.count >= 2 && span >= 60 {
            let rate = ClockRates.ticks(from: first.tsVal, to: last.tsVal) / span
            return ClockRates.miss(last, s, rate: rate) <= slack.tolerance(hz: hz, dt: dt, measuredOver: span)
        }
        return abs(dt) <= pairWindow && ClockRates.fit(last, s, hz: hz, slack: slack)
    }

    /// Joins lines of one group at different traps: one clock seen through two offsets. Lines long enough to
    /// measure agree in rate (the device's own skew); a line too short to measure joins the one line of
    /// the other trap that sent from one of its addresses.
    static func mergeAcrossTraps(_ lines: [Line]) -> [Line] {
        var parent = Array(lines.indices)
        func root(_ i: Int) -> Int { var i = i; while parent[i] != i { i = parent[i] }; return i }
        // Each line's traps and span, once: the joins below ask for them pair after pair.
        let traps = lines.map(\.traps)
        let spans = lines.map(\.span)
        var trapsOfRoot: [Int: Set<String>] = [:]
        // One rate per group (`linesOfOneGroup` chose it), so the group alone keys its lines.
        var byGroup: [HostKey: [Int]] = [:]
        for (i, l) in lines.enumerated() { byGroup[l.host, default: []].append(i) }
        for members in byGroup.sorted(by: { $0.key < $1.key }).map(\.value) {
            let measured = members.compactMap { i in lines[i].rate.map { (line: i, rate: $0) } }.sorted { $0.rate < $1.rate }
            let severalTraps = Set(members.flatMap { traps[$0] }).count >= 2
            // Lines whose rates agree within tolerance, closest first; a host has one line per trap, so two
            // lines join only while their hosts so far hold no trap in common (no chains through a
            // coincidence). Every such pair, not only neighbours in rate: where a stack has many hosts, another
            // host's line often lies between a host's two (ThingBot at 10x: 906 hosts left in two lines).
            var pairs: [(gap: Double, x: Int, y: Int)] = []
            if severalTraps {
                for (i, a) in measured.enumerated() {
                    let hzA = lines[a.line].hz
                    // Sorted by rate: past the widest tolerance two measured lines can have, no later line agrees.
                    let widest = ClockRates.rateResolution / (hzA * minSpan) * 2 + rateSlack
                    for b in measured[(i + 1)...] {
                        let hzB = lines[b.line].hz
                        let rel = abs(a.rate - b.rate) / hzA
                        let tolerance = ClockRates.rateResolution / (hzA * spans[a.line]) + ClockRates.rateResolution / (hzB * spans[b.line]) + rateSlack
                        if rel > tolerance {
                            if rel > widest { break }
                            continue
                        }
                        if traps[a.line].isDisjoint(with: traps[b.line]) { pairs.append((rel / tolerance, a.line, b.line)) }
                    }
                }
            }
            for p in pairs.sorted(by: { ($0.gap, $0.x) < ($1.gap, $1.x) }) {
                let rx = root(p.x), ry = root(p.y)
                guard rx != ry, trapsOfRoot[rx, default: traps[rx]].isDisjoint(with: trapsOfRoot[ry, default: traps[ry]]) else { continue }
                trapsOfRoot[rx, default: traps[rx]].formUnion(trapsOfRoot[ry, default: traps[ry]])
                parent[ry] = rx
            }
            // A short line (no rate of its own) that the measured rate of a line at the same trap predicts
            // is that line's host seen again after a gap (a lone SYN more than `pairWindow` later).
            for i in members where lines[i].rate == nil {
                let a = lines[i].members[0]
                let fits = measured.filter { m in
                    guard !traps[m.line].isDisjoint(with: traps[i]) else { return false }
                    let b = lines[m.line].members[0]
                    return ClockRates.miss(b, a, rate: m.rate) <= slack.tolerance(hz: lines[m.line].hz, dt: a.time - b.time, measuredOver: spans[m.line])
                }
                if fits.count == 1, root(i) != root(fits[0].line) { parent[root(i)] = root(fits[0].line) }
            }
            var linesAt: [Int: [Int]] = [:]     // address → lines of this group
            for i in members { for a in Set(lines[i].members.map(\.address)) { linesAt[a, default: []].append(i) } }
            for i in members where lines[i].rate == nil && root(i) == i {
                var candidates = Set<Int>()
                for a in Set(lines[i].members.map(\.address)) {
                    for j in linesAt[a, default: []] where traps[j].isDisjoint(with: traps[i]) { candidates.insert(root(j)) }
                }
                if candidates.count == 1, let j = candidates.first, root(i) != j { parent[root(i)] = j }
            }
        }
        var merged: [Int: Line] = [:]
        for i in lines.indices {
            let r = root(i)
            merged[r, default: Line(host: lines[r].host, hz: lines[r].hz, members: [], rate: lines[r].rate)].members += lines[i].members
        }
        return merged.sorted { $0.key < $1.key }.map(\.value)
    }
}
