import BotCensusCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The census (docs/CENSUS.md): how many infected hosts sent the spam, of which classes, and what share are IoT.
///
/// Naive figures are the 2014 method's: one device per address, the class of whatever answered.
/// Hosts: when the SYNs carry TCP timestamps, hosts followed across addresses by their clocks
/// (`ClockLinker`) give the SYNs one host sends over the campaign, and all SYNs divided by that give the hosts
/// (`LinkedSampleEstimate`), churn and NAT included. Without such a sample the count falls back to distinct
/// sender stacks per address, which overcounts a host once per address churn gives it (said in `method`).
/// Classes: each address's verdict class probabilities weighted by the spam it sent (a host's share of the
/// spam is its share of the hosts when hosts send alike). 95% intervals from a seeded bootstrap.
public struct CensusEstimator: Sendable {
    public var replicates: Int
    public var seed: UInt64
    /// Fallback only: P(an address without SYN evidence had two active sending hosts).
    public var hiddenSecondHost: Double

    public init(replicates: Int = 400, seed: UInt64 = 2014, hiddenSecondHost: Double = 0.10) {
        self.replicates = replicates
        self.seed = seed
        self.hiddenSecondHost = hiddenSecondHost
    }

    /// `syns` are the spam connections' SYNs; `SynSample.address` indexes `verdicts`.
    /// `linked` is `ClockLinker.link(syns)` when the caller has it already.
    /// `senderMixes[i]`, when given, replaces verdict i's class probabilities for the census: an address with
    /// several sender stacks sends for several hosts, and the verdict's probabilities speak for its main
    /// sender only. Each entry is (share of the address's SYNs, that sender's class probabilities, its SYNs' family).
    /// `families[i]` is the OS family of address i's main sender SYN, and `hedges` the model's rare cells: with
    /// both, the class and IoT-share intervals also span what those cells allow (`FamilyHedges`).
    /// `posteriors[i]`, when given, is address i's typed posterior (unrounded; `Attribution.posterior`), read
    /// instead of the verdict's rendered, rounded probabilities.
    public func estimate(_ verdicts: [Verdict], syns: [SynSample] = [], linked known: ClockLinker.Result? = nil,
                         posteriors: [[DeviceClass: Double]]? = nil,
                         senderMixes: [Int: [SenderMixPart]] = [:],
                         families: [OSFamily?]? = nil, hedges: FamilyHedges? = nil) -> Census {
        estimate(verdicts, census: CensusSyns(syns), linked: known, posteriors: posteriors, senderMixes: senderMixes,
                 families: families, hedges: hedges)
    }

    /// As above, from what the census reads of the SYNs (`CensusSyns`); `linked` is `ClockLinker.link(census.timed)`.
    public func estimate(_ verdicts: [Verdict], census syns: CensusSyns, linked known: ClockLinker.Result? = nil,
                         posteriors: [[DeviceClass: Double]]? = nil,
                         senderMixes: [Int: [SenderMixPart]] = [:],
                         families: [OSFamily?]? = nil, hedges: FamilyHedges? = nil) -> Census {
        let n = verdicts.count
        let messages = verdicts.reduce(0) { $0 + $1.messages }
        let naiveIoT = verdicts.filter { $0.naiveClass.isIoT }.count
        var naiveByClass: [DeviceClass: Int] = [:]
        for v in verdicts { naiveByClass[v.naiveClass, default: 0] += 1 }
        var verdictCounts: [String: Int] = [:]
        for v in verdicts { verdictCounts[v.verdict.rawValue, default: 0] += 1 }

        // Class probabilities per address (taxonomy order), weighted by the spam the address sent.
        let classes = DeviceClass.allCases
        func normalised(_ p: [DeviceClass: Double]) -> [Double] {
            let row = classes.map { p[$0] ?? 0 }
            let total = row.reduce(0, +)
            return total > 0 ? row.map { $0 / total } : row
        }
        func posterior(_ i: Int) -> [DeviceClass: Double] {
            if let posteriors { return posteriors[i] }
            var p: [DeviceClass: Double] = [:]
            for (name, value) in verdicts[i].classProbabilities { if let c = DeviceClass(rawValue: name) { p[c, default: 0] += value } }
            return p
        }
        // `setting`: nil as fitted, else the rare family cells at the end that favours IoT least (false) or most.
        func rows(_ setting: Bool?) -> [[Double]] {
            verdicts.indices.map { i -> [Double] in
                func adjusted(_ p: [Double], _ family: OSFamily?) -> [Double] {
                    guard let setting, let hedges else { return p }
                    return hedges.rescaled(p, family: family, iotHigh: setting)
                }
                guard let mix = senderMixes[i] else { return adjusted(normalised(posterior(i)), families?[i]) }
                var row = [Double](repeating: 0, count: classes.count)
                for part in mix { for (c, p) in adjusted(normalised(part.probabilities), part.family).enumerated() { row[c] += part.share * p } }
                return row
            }
        }
        let probabilities = rows(nil)
        // Hosts.
        let linked = known ?? (syns.isEmpty ? nil : ClockLinker.link(syns.timed))
        let ratio = linked.flatMap { result in
            LinkedSampleEstimate.estimate(lineSizes: result.lines.map { $0.members.count }, totalSyns: syns.total,
                                          fragments: result.fragments, replicates: replicates, seed: seed)
        }
        // Without enough clock lines, the churn-rate estimate from when sender units send again (v2).
        let units = syns.units
        let churn = ratio == nil && !syns.isEmpty
            ? ChurnRateEstimate.estimate(units: units, messagesPerAddress: verdicts.map(\.messages), replicates: replicates, seed: seed)
            : nil
        // v2 must count at least the hosts seen sending at once. When it does not, hosts were not all active all
        // campaign (or shared units): the count is then between that bound and one host per sender stack per
        // address (v0, right when nobody moved), and the point their geometric mean.
        let perAddress = churn != nil ? senderStacks(verdicts) : nil
        let contradicted = churn.map { $0.hosts < Double($0.seenAtOnce) } ?? false
        let bounded: (point: Double, samples: [Double], low: Double, high: Double)? = churn.map { c in
            guard contradicted, let v0 = perAddress else {
                let floor = Double(c.seenAtOnce)
                return (c.hosts, c.replicates.isEmpty ? [c.hosts] : c.replicates.map { max($0, floor) }, max(c.low, floor), c.high)
            }
            let top = max(v0.point, Double(c.seenAtOnce))
            let point = (Double(c.seenAtOnce) * top).squareRoot()
            return (point, v0.samples.map { $0 * point / max(1, v0.point) }, Double(c.seenAtOnce), top * ChurnRateEstimate.sharedUnitAllowance)
        }
        // With a host count that follows hosts across addresses, an address weighs what it sent (hosts send
        // alike); without one, the hosts counted at it.
        let weights = verdicts.map { v -> Double in
            if ratio != nil || (churn != nil && !contradicted) { return Double(max(1, v.messages > 0 ? v.messages : v.connections)) }
            return v.hostsBehindIP.senders.map(Double.init) ?? (1 + hiddenSecondHost)
        }
        let (hostsPoint, hostSamples) = ratio.map { ($0.hosts, $0.replicates) }
            ?? bounded.map { ($0.point, $0.samples) }
            ?? senderStacks(verdicts)

        // Class shares, and their bootstrap over addresses (paired with the host replicates).
        let totalWeight = weights.reduce(0, +)
        func shares(_ rows: [[Double]]) -> [Double] {
            var s = [Double](repeating: 0, count: classes.count)
            for a in 0..<n { for c in classes.indices { s[c] += weights[a] * rows[a][c] } }
            return totalWeight > 0 ? s.map { $0 / totalWeight } : s
        }
        let share = shares(probabilities)
        // The shares at both ends of the rare family cells (nil without them).
        let ends: [[Double]]? = hedges == nil || families == nil ? nil : [false, true].map { shares(rows($0)) }
        var classSamples = [[Double]](repeating: [], count: classes.count)
        var iotSamples: [Double] = []
        let iotIndex = classes.indices.filter { classes[$0].isIoT }
        // Each address's class probabilities, sparse (most addresses have a few classes) and flat: the bootstrap
        // below draws replicates × addresses of them (40 million on ThingBot), so one contiguous array each.
        // Each drawn address also draws its class from its posterior (the posterior predictive, not its mean):
        // a class whose expected count is 1.0 spread over a few unsure addresses may as well be 0 or 3, and an
        // interval built from the means alone said [1, 1] (held-out proof worlds: 94 of 168 class intervals held
        // the truth that way).
        var start = [Int](repeating: 0, count: n + 1)
        var sparseClass: [Int] = [], sparseCumulative: [Double] = []
        for a in 0..<n {
            var cumulative = 0.0
            for c in classes.indices where probabilities[a][c] > 0 {
                cumulative += probabilities[a][c]
                sparseClass.append(c)
                sparseCumulative.append(cumulative)
            }
            start[a + 1] = sparseClass.count
        }
        // Which IoT class sent is often not identifiable (a silent embedded sender is a router, a camera or a DVR
        // by the fitted class mix alone), and that mix is common to all addresses: each replicate draws it anew,
        // a Gamma weight per IoT class with shape 1 + the addresses that anchor the class (a device that answered
        // and sent), and redistributes each drawn address's IoT mass by it (from its own generator, so the IoT
        // share draws as before).
        let isIoT = classes.map(\.isIoT)
        var anchors = [Double](repeating: 0, count: classes.count)
        for v in verdicts where v.verdict == .deviceSent || v.verdict == .gatewaySent {
            if let c = classes.firstIndex(of: v.senderClass) { anchors[c] += 1 }
        }
        // Replicates are independent, each with generators of its own (seeded by its number), so they run on
        // every core and give the same figures whatever the cores: 40 million draws on ThingBot, a third of a
        // census when drawn one after another from one generator.
        let anchored = anchors
        let table = BootstrapTable(start: start, classes: sparseClass, cumulative: sparseCumulative, weights: weights, isIoT: isIoT)
        let drawn = Array(0..<(n > 0 ? replicates : 0)).parallelMap { r -> (s: [Double], w: Double) in
            var rng = SplitMix64(seed: SplitMix64.mix(seed &+ 1 &+ UInt64(r) &* 0x9E37_79B9_7F4A_7C15))
            var mixRNG = SplitMix64(seed: SplitMix64.mix(seed &+ 2 &+ UInt64(r) &* 0xD1B5_4A32_D192_ED03))
            let mix = classes.indices.map { c in isIoT[c] ? GammaDraw.draw(shape: 1 + anchored[c], &mixRNG) / (1 + anchored[c]) : 1 }
            return table.replicate(mix: mix, rng: &rng, mixRNG: &mixRNG)
        }
        for (r, (s, w)) in drawn.enumerated() {
            let h = hostSamples[r % hostSamples.count]
            for c in classes.indices { classSamples[c].append(w > 0 ? h * s[c] / w : 0) }
            iotSamples.append(w > 0 ? iotIndex.reduce(0) { $0 + s[$1] } / w : 0)
        }

        var classOut: [String: Census.ClassCount] = [:]
        for (c, cls) in classes.enumerated() {
            let point = hostsPoint * share[c]
            let naive = naiveByClass[cls] ?? 0
            guard point >= 0.5 || naive > 0 else { continue }
            let sorted = classSamples[c].sorted()
            let (low, high) = Self.spanned(point: point, sorted: sorted, ends: ends?.map { hostsPoint * $0[c] })
            classOut[cls.rawValue] = Census.ClassCount(hosts: Int(point.rounded()), low: Int(max(0, low).rounded()), high: Int(high.rounded()),
                                                       naive: naive)
        }
        let iotShare = iotIndex.reduce(0) { $0 + share[$1] }
        let (iotLow, iotHigh) = Self.spanned(point: iotShare, sorted: iotSamples.sorted(),
                                             ends: ends?.map { end in iotIndex.reduce(0) { $0 + end[$1] } })
        let hostsSorted = hostSamples.sorted()
        let footprint = Self.footprint(addresses: n, units: units)
        var low = ratio?.low ?? bounded?.low ?? Percentile.of(sorted: hostsSorted, 0.025)
        var high = ratio?.high ?? bounded?.high ?? Percentile.of(sorted: hostsSorted, 0.975)
        if ratio == nil, churn == nil, let f = footprint {
            // Without a linked sample churn cannot be corrected: the per-address count is near the footprint,
            // an upper bound, and the hosts seen sending at once a lower one. Say only that. (Units active in the
            // busiest hour are no bound when addresses move within the hour: in the live lab, 47 units for 40.)
            low = Double(min(f.concurrentMax, f.senderUnits, ChurnRateEstimate.seenAtOnce(ChurnRateEstimate.gather(units) { _ in false })))
            high = max(high, Double(f.senderUnits))
        }
        let estimate = Census.Estimate(
            hosts: Int(hostsPoint.rounded()),
            hostsLow: Int(min(hostsPoint, low).rounded()),
            hostsHigh: Int(max(hostsPoint, high).rounded()),
            iotShare: Self.round3(iotShare),
            iotShareLow: Self.round3(min(iotShare, max(0, iotLow))),
            iotShareHigh: Self.round3(max(iotShare, min(1, iotHigh))))

        let method: String
        if let r = ratio {
            method = "v1: \(r.linkedHosts) hosts linked across addresses by TCP timestamp clocks send \(Self.round3(Double(r.linkedSyns) / Double(r.linkedHosts))) SYNs each; \(r.totalSyns) SYNs → hosts (ratio estimator, \(replicates) bootstrap replicates, seed \(seed))"
        } else if let c = churn, contradicted, let v0 = perAddress {
            method = "v2 rejected: no TCP clocks link hosts, and the churn-rate estimate (\(Int(c.hosts.rounded())) hosts sending \(Self.round3(c.burstsPerDay)) bursts a day all campaign) is below the \(c.seenAtOnce) hosts seen sending at once (stays of one stack and distance that overlap): hosts were not all active all campaign, so churn cannot be told from hosts that stopped. The count lies between \(c.seenAtOnce) and one host per sender stack per address (\(Int(v0.point.rounded())), right when nobody moved, plus \(Int(((ChurnRateEstimate.sharedUnitAllowance - 1) * 100).rounded()))% for hosts sharing a unit); the point is their geometric mean"
        } else if let c = churn {
            let holding = c.holdingHours.map { "\(Self.round3($0)) h" } ?? "no move seen"
            let capped = c.cap.map { "; addresses seem capped at \($0) messages: \(c.censoredUnits) units censored at their last SYN" } ?? ""
            method = "v2: no TCP clocks link hosts (\(linked?.lines.count ?? 0) clock lines of 8 needed); churn-rate estimate from \(c.units) sender units (address, stack, distance) and their \(c.bursts) bursts: hosts send \(Self.round3(c.burstsPerDay)) bursts a day and keep an address \(holding), so hosts = bursts / (rate × span), plus \(Self.round3(c.hiddenShare * 100))% hidden behind a housemate of the same stack, and at least the \(c.seenAtOnce) seen sending at once\(capped). Assumes hosts send alike over the whole campaign; the interval spans burst splits of 15–60 min, median and mean gap rates (bootstrap over units, \(c.replicates.count) replicates, seed \(seed)) and allows \(Int(((ChurnRateEstimate.sharedUnitAllowance - 1) * 100).rounded()))% more above for hosts sharing a unit"
        } else {
            method = syns.isEmpty
                ? "v0: no SYN evidence to link hosts by; one host per sender stack per address (bootstrap over addresses), so churn is not corrected"
                : "v0 fallback: too few hosts linked by TCP timestamps (\(linked?.lines.count ?? 0) of 8 needed); one host per sender stack per address, an upper bound under churn; the interval runs from the hosts seen sending at once (stays of one stack and distance that overlap) to the footprint"
        }
        let linking = linked.map { l in
            Census.Linking(syns: syns.total, synsWithTimestamps: syns.timed.count, linkedHosts: l.lines.count,
                           linkedSyns: l.lines.reduce(0) { $0 + $1.members.count }, randomTimestampGroups: l.randomGroups.map(\.description))
        }
        return Census(addresses: n, messages: messages,
                      naive: Census.Naive(hosts: n, iotShare: n > 0 ? Self.round3(Double(naiveIoT) / Double(n)) : 0),
                      estimate: estimate, byClass: classOut, verdicts: verdictCounts, method: method,
                      footprint: footprint, linking: linking,
                      captureRecapture: Self.recapture(units))
    }

    /// v0: distinct sender stacks per address (1 + `hiddenSecondHost` without SYN evidence), bootstrap over addresses.
    func senderStacks(_ verdicts: [Verdict]) -> (point: Double, samples: [Double]) {
        let counts = verdicts.map { v -> Double in v.hostsBehindIP.senders.map(Double.init) ?? (1 + hiddenSecondHost) }
        let point = counts.reduce(0, +)
        var rng = SplitMix64(seed: seed)
        let n = counts.count
        let samples = (0..<replicates).map { _ -> Double in
            var h = 0.0
            for _ in 0..<n { h += counts[Int(rng.next() % UInt64(n))] }
            return h
        }
        return (point, samples.isEmpty ? [point] : samples)
    }

    /// Sender units active per hour: the most at once and the mean over hours with any.
    static func footprint(addresses: Int, units: [SenderUnit]) -> Census.Footprint? {
        guard !units.isEmpty else { return nil }
        var perHour: [Int: Int] = [:]
        for u in units {
            var last: Int?
            for t in u.times {   // sorted: one unit counts once an hour
                let hour = Int((t / 3600).rounded(.down))
                if hour != last { perHour[hour, default: 0] += 1; last = hour }
            }
        }
        let counts = Array(perHour.values)
        return Census.Footprint(addresses: addresses, senderUnits: units.count, concurrentMax: counts.max() ?? 0,
                                concurrentMean: round3(Double(counts.reduce(0, +)) / Double(max(1, counts.count))))
    }

    static func recapture(_ units: [SenderUnit]) -> Census.Recapture? {
        let traps = Array(Set(units.flatMap(\.traps))).sorted()
        guard traps.count >= 2, traps.count <= 16 else { return nil }
        let trapIndex = Dictionary(uniqueKeysWithValues: traps.enumerated().map { ($1, $0) })
        var history = [UInt32](repeating: 0, count: units.count)
        for (i, u) in units.enumerated() { for trap in u.traps { if let t = trapIndex[trap] { history[i] |= 1 << UInt32(t) } } }
        guard let r = CaptureRecapture.estimate(histories: history, traps: traps.count) else { return nil }
        return Census.Recapture(traps: r.traps, seen: r.seen, estimate: Int(r.estimate.rounded()), low: Int(r.low.rounded()),
                                high: Int(r.high.rounded()), method: r.method)
    }

    static func round3(_ x: Double) -> Double { (x * 1000).rounded() / 1000 }

    /// The 95% interval of a figure from its bootstrap replicates (`sorted`), widened to the figure at each end
    /// of the rare family cells (`ends`, nil without them) with the bootstrap's spread around each, as around
    /// the fitted point.
    static func spanned(point: Double, sorted: [Double], ends: [Double]?) -> (low: Double, high: Double) {
        let low = Percentile.of(sorted: sorted, 0.025), high = Percentile.of(sorted: sorted, 0.975)
        guard let ends, let lowest = ends.min(), let highest = ends.max() else { return (low, high) }
        return (min(low, lowest - (point - low)), max(high, highest + (high - point)))
    }
}

/// One sender of an address with several: its share of the address's SYNs, its class probabilities (the
/// address attributed with its SYNs alone) and their OS family.
public typealias SenderMixPart = (share: Double, probabilities: [DeviceClass: Double], family: OSFamily?)

/// Addresses' class probabilities, sparse and flat (`start[a]..<start[a + 1]` are address a's entries, with
/// cumulative probabilities), and their weights: what one class-share replicate draws from.
struct BootstrapTable: Sendable {
    let start: [Int]
    let classes: [Int]
    let cumulative: [Double]
    let weights: [Double]
    let isIoT: [Bool]

    /// One replicate, a Poisson bootstrap: each address is drawn Poisson(1) times (the limit of drawing n of
    /// n with replacement, for large n), in memory order — drawing addresses at random missed the cache on
    /// every draw —, and each draw takes a class from the address's posterior (its IoT mass spread by this
    /// replicate's `mix`). Returns the weight per class and in all.
    func replicate(mix: [Double], rng: inout SplitMix64, mixRNG: inout SplitMix64) -> (s: [Double], w: Double) {
        let n = weights.count
        var s = [Double](repeating: 0, count: isIoT.count)
        var w = 0.0
        start.withUnsafeBufferPointer { start in
            classes.withUnsafeBufferPointer { cls in
                cumulative.withUnsafeBufferPointer { cum in
                    weights.withUnsafeBufferPointer { weights in
                        s.withUnsafeMutableBufferPointer { s in
                            for a in 0..<n {
                                let copies = Self.poisson1(rng.next())
                                guard copies > 0 else { continue }
                                w += weights[a] * Double(copies)
                                let first = start[a], end = start[a + 1]
                                guard end > first else { continue }
                                for _ in 0..<copies {
                                    var k = first
                                    if end - first > 1 {
                                        let u = Double(rng.next() >> 11) * 0x1p-53 * cum[end - 1]
                                        while k < end - 1 && cum[k] <= u { k += 1 }
                                    }
                                    if isIoT[cls[k]] {
                                        // Entry j's probability under this replicate's mix.
                                        func mixed(_ j: Int) -> Double { (cum[j] - (j > first ? cum[j - 1] : 0)) * mix[cls[j]] }
                                        var total = 0.0
                                        for j in first..<end where isIoT[cls[j]] { total += mixed(j) }
                                        var v = Double(mixRNG.next() >> 11) * 0x1p-53 * total
                                        for j in first..<end where isIoT[cls[j]] {
                                            k = j
                                            v -= mixed(j)
                                            if v <= 0 { break }
                                        }
                                    }
                                    s[cls[k]] += weights[a]
                                }
                            }
                        }
                    }
                }
            }
        }
        return (s, w)
    }

    /// P(Poisson(1) ≤ k) for k = 0, 1, …: a draw is the first k whose bound is above a uniform.
    private static let poissonCDF: [Double] = {
        var cdf: [Double] = [], term = exp(-1.0), total = 0.0
        for k in 0..<16 { total += term; cdf.append(total); term /= Double(k + 1) }
        return cdf
    }()

    /// A Poisson(1) count from one 64-bit draw.
    static func poisson1(_ bits: UInt64) -> Int {
        let u = Double(bits >> 11) * 0x1p-53
        var k = 0
        while k < poissonCDF.count - 1 && u >= poissonCDF[k] { k += 1 }
        return k
    }
}
