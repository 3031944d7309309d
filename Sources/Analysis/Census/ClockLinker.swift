import BotCensusCore

/// One spam connection's SYN as the census sees it: where it came from, which trap took it, its stack,
/// and its TCP timestamp when the evidence (a pcap) carried one.
public struct CensusSyn: Sendable {
    public var address: Int
    public var time: Double
    /// The trap (destination address or host name); per-address-pair clock offsets differ per trap.
    public var trap: String
    /// Stack and hop distance: two SYNs of one host share it.
    public var group: String
    public var tsVal: UInt32?
    public init(address: Int, time: Double, trap: String, group: String, tsVal: UInt32?) {
        self.address = address; self.time = time; self.trap = trap; self.group = group; self.tsVal = tsVal
    }
}

/// A host followed across addresses and traps by its TCP timestamp clock (Kohno et al. 2005).
public struct LinkedClock: Sendable {
    public var group: String
    public var hz: Double
    /// Indices into the SYNs given to `ClockLinker.link`.
    public var members: [Int]
    /// Measured ticks per second over the line (nil for a line too short to measure).
    public var rate: Double?
}

/// Links SYNs into clock lines. A host's TSval grows at Hz·(1 + skew) from its boot (raw uptime clocks) or
/// from a secret offset per address pair (Linux 4.10–2025), so within one stack, hop distance and trap its
/// SYNs satisfy t − TSval/Hz ≈ constant, drifting by at most the skew (±`maxSkew`) over the campaign.
/// Lines of one host at two traps share the clock's rate, which is how they are joined (the skew is the
/// device's own, tens of ppm, measured to a fraction of a ppm over hours). Per-connection random offsets
/// put every SYN on a line of its own: groups that look like that are reported and left out.
public enum ClockLinker {
    public static let candidateHz: [Double] = [1000, 250, 100, 10]
    /// Largest clock skew believed (parts per million).
    public static let maxSkew = 100e-6
    /// A line's rate is measured when it spans this long; two lines' rates are compared within what
    /// their tick resolution over their spans allows, plus `rateSlack` (relative).
    public static let minSpan = 6.0 * 3600
    public static let rateSlack = 0.05e-6

    public struct Result: Sendable {
        public var lines: [LinkedClock]
        /// Groups (stack | distance) whose timestamps look random per connection.
        public var randomGroups: [String]
        /// Lines too short to measure a rate, seen at fewer traps than their group: each may be a fragment
        /// of a host that another line also holds (its clock offset differs per trap), so the host count may
        /// be high by up to this many.
        public var fragments: Int = 0
    }

    public static func link(_ syns: [CensusSyn]) -> Result {
        var byGroup: [String: [Int]] = [:]
        for (i, s) in syns.enumerated() where s.tsVal != nil { byGroup[s.group, default: []].append(i) }
        var lines: [LinkedClock] = []
        var randomGroups: [String] = []
        for key in byGroup.keys.sorted() {
            let indices = byGroup[key]!
            let found = linesOfOneGroup(indices, syns)
            let linked = found.reduce(0) { $0 + $1.members.count }
            // Random offsets: many SYNs, almost none on a shared line, yet SYNs of one address close in
            // time (one burst of one host) disagree.
            if indices.count >= 6 && Double(linked) < 0.2 * Double(indices.count) && burstsDisagree(indices, syns) {
                randomGroups.append(key)
                continue
            }
            lines += found
        }
        let merged = mergeAcrossTraps(lines, syns)
        var groupTraps: [String: Set<String>] = [:]
        for l in merged { groupTraps[l.group, default: []].formUnion(l.members.map { syns[$0].trap }) }
        let fragments = merged.filter { l in
            span(l, syns) < minSpan && Set(l.members.map { syns[$0].trap }).count < groupTraps[l.group]!.count
        }.count
        return Result(lines: merged, randomGroups: randomGroups, fragments: fragments)
    }

    /// Lines (≥ 2 SYNs) among SYNs of one group (a raw uptime clock draws one line through every trap; a
    /// per-pair offset draws one line per trap).
    static func linesOfOneGroup(_ indices: [Int], _ syns: [CensusSyn]) -> [LinkedClock] {
        // One stack runs one clock rate: the rate that links the most SYNs wins, so chance alignments at a
        // wrong rate (two hosts' SYNs days apart that happen to fit) cannot tear a true line apart.
        var best: (score: Int, lines: [LinkedClock]) = (0, [])
        for hz in candidateHz {
            let lines = lines(indices, hz: hz, syns)
            let score = lines.reduce(0) { $0 + $1.members.count - 1 }
            if score > best.score { best = (score, lines) }
        }
        return best.lines
    }

    static func lines(_ indices: [Int], hz: Double, _ syns: [CensusSyn]) -> [LinkedClock] {
        let period = 4294967296.0 / hz
        // Phase of the clock: boot time modulo the wrap period.
        func phase(_ i: Int) -> Double {
            let p = (syns[i].time - Double(syns[i].tsVal!) / hz).truncatingRemainder(dividingBy: period)
            return p < 0 ? p + period : p
        }
        let ordered = indices.map { (i: $0, p: phase($0)) }.sorted { $0.p < $1.p }
        var out: [LinkedClock] = []
        var k = 0
        while k < ordered.count {
            var j = k + 1
            // A cluster: neighbours in phase within the drift a skewed clock can build up.
            while j < ordered.count && ordered[j].p - ordered[j - 1].p <= tolerance(hz) { j += 1 }
            if j - k >= 2 {
                out += splitIntoLines(ordered[k..<j].map { $0.i }, hz: hz, syns).filter { $0.members.count >= 2 }
            }
            k = j
        }
        return out
    }

    static func tolerance(_ hz: Double) -> Double { 2 / hz + maxSkew * 30 * 86400 }

    /// Greedy in time: a SYN joins the first line it continues (its TSval within a few ticks of what the
    /// line's last SYN predicts at any rate within the skew bound), else starts one.
    static func splitIntoLines(_ members: [Int], hz: Double, _ syns: [CensusSyn]) -> [LinkedClock] {
        let ordered = members.sorted { syns[$0].time < syns[$1].time }
        var lines: [LinkedClock] = []
        for i in ordered {
            let s = syns[i]
            var joined = false
            for l in lines.indices where continues(lines[l], with: s, hz: hz, syns) {
                lines[l].members.append(i)
                joined = true
                break
            }
            if !joined { lines.append(LinkedClock(group: s.group, hz: hz, members: [i], rate: nil)) }
        }
        // Rate over the whole line, for joining traps.
        for l in lines.indices where lines[l].members.count >= 2 {
            let a = syns[lines[l].members.first!], b = syns[lines[l].members.last!]
            let span = b.time - a.time
            lines[l].rate = span >= minSpan ? Double(b.tsVal! &- a.tsVal!) / span : nil
        }
        return lines
    }

    /// Whether `s` continues `line`. Two SYNs fit any skew within the bound, which by chance a random TSval
    /// also does over long gaps; so a second SYN joins only within `pairWindow`, and once a line spans a
    /// minute its own measured rate (known to two ticks over its span) must predict the next SYN.
    static func continues(_ line: LinkedClock, with s: CensusSyn, hz: Double, _ syns: [CensusSyn]) -> Bool {
        let first = syns[line.members.first!], last = syns[line.members.last!]
        let dt = s.time - last.time
        let dTicks = Double(s.tsVal! &- last.tsVal!)      // modulo 2^32: wrap-around is free
        let slack = 3 + hz * 0.005
        let span = last.time - first.time
        if line.members.count >= 2 && span >= 60 {
            let rate = Double(last.tsVal! &- first.tsVal!) / span
            return abs(dTicks - dt * rate) <= slack + abs(dt) * (2 / span + hz * 1e-7)
        }
        return abs(dt) <= pairWindow && abs(dTicks - dt * hz) <= slack + abs(dt) * hz * maxSkew
    }

    /// Longest gap over which two lone SYNs are joined on the skew bound alone.
    public static let pairWindow = 4 * 86400.0

    /// Two SYNs of one address within a minute at the same stack, whose TSvals differ far more than the
    /// elapsed time allows at any candidate rate: one host would not do that unless its offsets are random.
    static func burstsDisagree(_ indices: [Int], _ syns: [CensusSyn]) -> Bool {
        let ordered = indices.sorted { (syns[$0].address, syns[$0].time) < (syns[$1].address, syns[$1].time) }
        var pairs = 0, disagree = 0
        for (a, b) in zip(ordered, ordered.dropFirst()) where syns[a].address == syns[b].address {
            let dt = syns[b].time - syns[a].time
            guard dt >= 0 && dt <= 60 else { continue }
            pairs += 1
            let dTicks = Double(syns[b].tsVal! &- syns[a].tsVal!)
            if !candidateHz.contains(where: { abs(dTicks - dt * $0) <= 3 + $0 * 2 }) { disagree += 1 }
        }
        return pairs >= 2 && disagree * 10 >= pairs * 8
    }

    /// Joins lines of one group at different traps: one clock seen through two offsets. Lines long enough to
    /// measure agree in rate (the device's own skew); a line too short to measure joins the one line of
    /// the other trap that sent from one of its addresses.
    static func mergeAcrossTraps(_ lines: [LinkedClock], _ syns: [CensusSyn]) -> [LinkedClock] {
        var parent = Array(lines.indices)
        func root(_ i: Int) -> Int { var i = i; while parent[i] != i { i = parent[i] }; return i }
        // Each line's traps and span, once: the joins below ask for them pair after pair.
        let trapSets = lines.map { l in Set(l.members.map { syns[$0].trap }) }
        let spans = lines.map { span($0, syns) }
        func traps(_ i: Int) -> Set<String> { trapSets[i] }
        var trapsOfRoot: [Int: Set<String>] = [:]
        var byGroup: [String: [Int]] = [:]
        for (i, l) in lines.enumerated() { byGroup["\(l.group)|\(l.hz)", default: []].append(i) }
        for key in byGroup.keys.sorted() {
            let members = byGroup[key]!
            let measured = members.filter { lines[$0].rate != nil }.sorted { lines[$0].rate! < lines[$1].rate! }
            let severalTraps = Set(members.flatMap { traps($0) }).count >= 2
            // Rate neighbours within tolerance, closest first; a host has one line per trap, so two lines
            // join only while their hosts so far hold no trap in common (no chains through a coincidence).
            var pairs: [(gap: Double, x: Int, y: Int)] = []
            if severalTraps {
                for (x, y) in zip(measured, measured.dropFirst()) {
                    let a = lines[x], b = lines[y]
                    let rel = abs(a.rate! - b.rate!) / a.hz
                    let tolerance = 2 / (a.hz * spans[x]) + 2 / (b.hz * spans[y]) + rateSlack
                    if rel <= tolerance { pairs.append((rel / tolerance, x, y)) }
                }
            }
            for p in pairs.sorted(by: { ($0.gap, $0.x) < ($1.gap, $1.x) }) {
                let rx = root(p.x), ry = root(p.y)
                guard rx != ry, trapsOfRoot[rx, default: traps(rx)].isDisjoint(with: trapsOfRoot[ry, default: traps(ry)]) else { continue }
                trapsOfRoot[rx, default: traps(rx)].formUnion(trapsOfRoot[ry, default: traps(ry)])
                parent[ry] = rx
            }
            // A short line (no rate of its own) that the measured rate of a line at the same trap predicts
            // is that line's host seen again after a gap (a lone SYN more than `pairWindow` later).
            for i in members where lines[i].rate == nil {
                let a = syns[lines[i].members[0]]
                let fits = measured.filter { j in
                    guard !traps(j).isDisjoint(with: traps(i)), let rate = lines[j].rate else { return false }
                    let b = syns[lines[j].members[0]]
                    let dt = a.time - b.time
                    let dTicks = dt >= 0 ? Double(a.tsVal! &- b.tsVal!) : -Double(b.tsVal! &- a.tsVal!)
                    return abs(dTicks - dt * rate) <= 3 + lines[j].hz * 0.005 + abs(dt) * (2 / spans[j] + lines[j].hz * 1e-7)
                }
                if fits.count == 1, root(i) != root(fits[0]) { parent[root(i)] = root(fits[0]) }
            }
            var linesAt: [Int: [Int]] = [:]     // address → lines of this group
            for i in members { for a in Set(lines[i].members.map { syns[$0].address }) { linesAt[a, default: []].append(i) } }
            for i in members where lines[i].rate == nil && root(i) == i {
                var candidates = Set<Int>()
                for a in Set(lines[i].members.map { syns[$0].address }) {
                    for j in linesAt[a]! where traps(j).isDisjoint(with: traps(i)) { candidates.insert(root(j)) }
                }
                if candidates.count == 1, let j = candidates.first, root(i) != j { parent[root(i)] = j }
            }
        }
        var merged: [Int: LinkedClock] = [:]
        for i in lines.indices {
            let r = root(i)
            if merged[r] == nil { merged[r] = LinkedClock(group: lines[r].group, hz: lines[r].hz, members: [], rate: lines[r].rate) }
            merged[r]!.members += lines[i].members
        }
        return merged.keys.sorted().map { merged[$0]! }
    }

    static func span(_ l: LinkedClock, _ syns: [CensusSyn]) -> Double {
        let times = l.members.map { syns[$0].time }
        return (times.max() ?? 0) - (times.min() ?? 0)
    }
}
