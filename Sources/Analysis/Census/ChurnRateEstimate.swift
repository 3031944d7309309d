#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import BotCensusCore

/// v2 census, for when no TCP clocks link hosts across addresses (p0f logs, Windows senders, per-connection
/// random timestamps): hosts counted from how often a sender unit (an address with one sender stack and hop
/// distance) sends again before it is gone, in the spirit of CARDCount (docs/CENSUS.md).
///
/// Model: each host sends bursts of spam as a Poisson process of rate b over the whole campaign (span T) and
/// leaves its address at rate μ (lease churn). A unit is one host's stay at one address, so within a unit the
/// gaps between bursts end in the next burst or the move, whichever comes first: they are exponential with
/// rate r = b + μ. A burst at time t (from the campaign's start) follows an earlier burst at the same address
/// when, looking back, a burst comes before a move and before the start: probability (b/r)(1 − e^{−rt}). So
/// the G = B − U bursts that do give b = r·G / Σ(1 − e^{−r t}) over all B bursts, and the hosts are
/// H = B / (b T): all bursts over the bursts one host sends.
///
/// Where the model is known to bend, the estimate says so or widens:
/// - an address reused later by another household with the same stack joins two hosts' units with a long gap:
///   r is read from the median gap, which such gaps barely move;
/// - a trap that stops logging an address after a fixed number of messages truncates its units: those units
///   are censored at their last SYN and the bursts they would have sent are added back;
/// - hosts of one stack that share an address at once (two infected PCs behind one NAT, a CGN address) make one
///   unit: their number is inferred from how often different stacks share an address within a holding time;
/// - burst splitting (τ) and the rate's estimator are choices: the interval spans the estimate under each.
public enum ChurnRateEstimate {
    public struct Result: Sendable {
        public var hosts: Double
        public var low: Double
        public var high: Double
        /// Bootstrap replicates of `hosts` (main variant; fewer than asked on a large case), for intervals of
        /// figures derived from it.
        public var replicates: [Double]
        public var units: Int
        public var bursts: Int
        /// Bursts per host per day (b) and mean stay at an address, hours (1/μ; nil when no host moved).
        public var burstsPerDay: Double
        public var holdingHours: Double?
        /// Hosts hidden behind another host of the same stack at the same address, as a share of the count.
        public var hiddenShare: Double
        /// The per-address message limit the trap seems to apply, and the units it censored.
        public var cap: Int?
        public var censoredUnits: Int
        /// Hosts seen sending at once: units of one stack and distance whose stays (first to last SYN) overlap
        /// are different hosts, since a host is at one address at a time. A lower bound the model must respect.
        public var seenAtOnce: Int
    }

    /// Bursts are split at gaps longer than this; the variants use half and double.
    public static let burstGap = 1800.0
    /// Hosts of a stack shared with a housemate are seen only through stack diversity, which assumes pairs; a
    /// CGN address hides more. The upper end allows this much beyond the estimate (checked on proof and stress
    /// worlds, docs/CENSUS.md).
    public static let sharedUnitAllowance = 1.25

    struct Unit {
        var address: Int
        var host: HostKey
        var stack: String { host.stack }
        var times: [Double]
        var capped: Bool
    }

    /// The units split into bursts at one gap, laid out flat for the bootstrap: a replicate is a weight per unit
    /// (how often the draw took it), and a fit is one pass over these arrays. Times are binned to 10 minutes where
    /// only a look-back factor reads them, so a fit costs O(units + gaps + bursts) without a transcendental each.
    struct Layout {
        static let binWidth = 600.0
        var units: Int
        /// Bursts per unit; a unit's gaps between bursts are one fewer.
        var bursts: [Double]
        /// Gaps beyond the split gap (left-truncated exponential: only the excess counts), per unit and sorted.
        var gapSum: [Double]
        var sortedGaps: [Double]
        var sortedGapUnit: [Int32]
        /// Each burst's start bin (from the campaign's start), and its unit.
        var burstBin: [Int32]
        var burstUnit: [Int32]
        /// Censored units (their address hit the cap) and the bin of the time from their last SYN to the end.
        var censoredBin: [Int32]
        var censoredUnit: [Int32]
        var bins: Int

        init(_ units: [Unit], gap: Double, start: Double, end: Double) {
            self.units = units.count
            let bins = Int(((end - start) / Self.binWidth).rounded(.down)) + 1
            self.bins = bins
            bursts = [Double](repeating: 1, count: units.count)
            gapSum = [Double](repeating: 0, count: units.count)
            var gaps: [(Double, Int32)] = []
            var burstBin: [Int32] = [], burstUnit: [Int32] = [], censoredBin: [Int32] = [], censoredUnit: [Int32] = []
            let width = Self.binWidth
            func bin(_ t: Double) -> Int32 { Int32(min(Double(bins - 1), max(0, (t / width).rounded(.down)))) }
            for (i, unit) in units.enumerated() {
                burstBin.append(bin(unit.times[0] - start)); burstUnit.append(Int32(i))
                for (a, b) in zip(unit.times, unit.times.dropFirst()) where b - a > gap {
                    bursts[i] += 1
                    gapSum[i] += b - a - gap
                    gaps.append((b - a - gap, Int32(i)))
                    burstBin.append(bin(b - start)); burstUnit.append(Int32(i))
                }
                if unit.capped { censoredBin.append(bin(end - unit.times.last!)); censoredUnit.append(Int32(i)) }
            }
            self.burstBin = burstBin; self.burstUnit = burstUnit
            self.censoredBin = censoredBin; self.censoredUnit = censoredUnit
            gaps.sort { $0.0 < $1.0 }
            sortedGaps = gaps.map(\.0)
            sortedGapUnit = gaps.map(\.1)
        }
    }

    enum RateReading: CaseIterable { case median, mean }

    public static func estimate(syns: [SynSample], messagesPerAddress: [Int], replicates: Int = 400, seed: UInt64 = 2014) -> Result? {
        estimate(units: SenderUnit.units(of: syns), messagesPerAddress: messagesPerAddress, replicates: replicates, seed: seed)
    }

    /// From the sender units (`CensusSyns.units`).
    public static func estimate(units senders: [SenderUnit], messagesPerAddress: [Int], replicates: Int = 400, seed: UInt64 = 2014) -> Result? {
        guard senders.reduce(0, { $0 + $1.times.count }) >= 2 else { return nil }
        let start = senders.map { $0.times[0] }.min()!, end = senders.map { $0.times[$0.times.count - 1] }.max()!
        let span = end - start
        guard span >= 3600 else { return nil }
        let cap = detectCap(messagesPerAddress)
        let units = gather(senders) { address in
            cap.map { c in address < messagesPerAddress.count && messagesPerAddress[address] >= c } ?? false
        }
        guard units.count >= 2 else { return nil }

        var rng = SplitMix64(seed: seed &+ 7)
        var lows: [Double] = [], highs: [Double] = []
        var main: (hosts: Double, samples: [Double], model: Model)?
        let ones = [Double](repeating: 1, count: units.count)
        // On a large case the sampling spread is small beside the model's and each fit costs a pass over every
        // burst: fewer replicates there (ThingBot, 185 k units: 100), all of them below 20 k units.
        let mainDraws = units.count <= 20_000 ? replicates : max(100, replicates * 20_000 / units.count)
        var weights = [Double](repeating: 0, count: units.count)
        for gap in [burstGap / 2, burstGap, burstGap * 2] {
            let layout = Layout(units, gap: gap, start: start, end: end)
            for reading in RateReading.allCases {
                guard let model = fit(layout, weights: ones, span: span, reading: reading) else { continue }
                let isMain = gap == burstGap && reading == .median
                let draws = isMain ? mainDraws : max(25, mainDraws / 4)
                var samples: [Double] = []
                samples.reserveCapacity(draws)
                for _ in 0..<draws {
                    for i in weights.indices { weights[i] = 0 }
                    for _ in 0..<units.count { weights[Int(rng.next() % UInt64(units.count))] += 1 }
                    samples.append(fit(layout, weights: weights, span: span, reading: reading)?.hosts ?? Double(units.count))
                }
                samples.sort()
                lows.append(min(model.hosts, Percentile.of(sorted: samples, 0.025)))
                highs.append(max(model.hosts, Percentile.of(sorted: samples, 0.975)))
                if isMain { main = (model.hosts, samples, model) }
            }
        }
        guard let main else { return nil }
        let mu = main.model.rate - main.model.burstRate
        let holding = mu > 0 ? 1 / mu : nil
        let hidden = hiddenShare(units, window: min(span, holding ?? span))
        let scale = 1 + hidden
        // The hidden housemates are an estimate too: the low end does not count on them.
        return Result(hosts: main.hosts * scale, low: lows.min() ?? main.hosts,
                      high: (highs.max() ?? main.hosts) * scale * sharedUnitAllowance,
                      replicates: main.samples.map { $0 * scale }, units: units.count, bursts: main.model.bursts,
                      burstsPerDay: main.model.burstRate * 86400, holdingHours: holding.map { $0 / 3600 },
                      hiddenShare: hidden, cap: cap, censoredUnits: units.filter(\.capped).count,
                      seenAtOnce: seenAtOnce(units))
    }

    struct Model {
        var hosts: Double
        var bursts: Int
        /// r = b + μ and b, per second.
        var rate: Double
        var burstRate: Double
    }

    /// The model fitted to the units, each counted `weights[unit]` times (all 1 for the point estimate).
    static func fit(_ layout: Layout, weights: [Double], span: Double, reading: RateReading) -> Model? {
        weights.withUnsafeBufferPointer { w in
            var u = 0.0, b = 0.0, gapTime = 0.0
            layout.bursts.withUnsafeBufferPointer { bursts in
                layout.gapSum.withUnsafeBufferPointer { gapSum in
                    for i in 0..<layout.units where w[i] > 0 {
                        u += w[i]; b += w[i] * bursts[i]; gapTime += w[i] * gapSum[i]
                    }
                }
            }
            guard u > 0 else { return nil }
            let g = b - u
            let bursts = Int(b.rounded())
            guard g > 0 else { return Model(hosts: u, bursts: bursts, rate: 0, burstRate: 0) }
            let r: Double
            switch reading {
            case .median:
                let k = layout.sortedGapUnit.withUnsafeBufferPointer { units -> Int in
                    var seen = 0.0
                    for k in 0..<units.count {
                        seen += w[Int(units[k])]
                        if seen >= g / 2 { return k }
                    }
                    return units.count - 1
                }
                r = log(2) / max(60, layout.sortedGaps[k])
            case .mean:
                r = g / max(60, gapTime)
            }
            let width = Layout.binWidth
            // Read from the bursts' own times, not a uniform spread: a capped trap keeps mostly early ones.
            var perBin = [Double](repeating: 0, count: layout.bins)
            perBin.withUnsafeMutableBufferPointer { perBin in
                layout.burstBin.withUnsafeBufferPointer { bins in
                    layout.burstUnit.withUnsafeBufferPointer { units in
                        for k in 0..<bins.count { perBin[Int(bins[k])] += w[Int(units[k])] }
                    }
                }
            }
            var reach = 0.0
            for bin in 0..<perBin.count where perBin[bin] > 0 { reach -= perBin[bin] * expm1(-r * (Double(bin) + 0.5) * width) }
            let burstRate = reach > 0 ? r * g / reach : 0
            guard burstRate > 0 else { return Model(hosts: u, bursts: bursts, rate: r, burstRate: 0) }
            guard !layout.censoredUnit.isEmpty else { return Model(hosts: b / burstRate / span, bursts: bursts, rate: r, burstRate: burstRate) }
            // A censored unit's host went on sending there until it moved (memoryless stay, cut at the end): lost
            // time L, lost bursts bL, every one of them after a burst at the same address. Seen bursts are the
            // first ones of their units, so b is solved with the lost bursts put back:
            // b·(reach + bL′) = r·(G + bL), L′ the lost time weighted by each lost burst's look-back (1 − e^{−rt}).
            // The move rate μ = r − b is a small difference of two noisy rates when hosts rarely move, so it is
            // read from the units instead: a host opens U/H − 1 = μT·b/(b + μ) units beyond its first; a fixed point.
            var censored = [Double](repeating: 0, count: layout.bins)
            for k in layout.censoredBin.indices { censored[Int(layout.censoredBin[k])] += w[Int(layout.censoredUnit[k])] }
            let censoredBins = censored.indices.filter { censored[$0] > 0 }
            var mu = max(r - burstRate, 0)
            var rate = burstRate
            var hosts = b / burstRate / span
            for _ in 0..<50 {
                let m = max(mu, 1e-12)
                var lost = 0.0, weighted = 0.0
                for bin in censoredBins {
                    let n = censored[bin], left = (Double(bin) + 0.5) * width
                    let stay = -expm1(-m * left) / m
                    lost += n * stay
                    weighted += n * stay * -expm1(-r * (span - left + stay / 2))
                }
                // weighted·b² + (reach − r·lost)·b − r·G = 0, the positive root.
                let qa = weighted, qb = reach - r * lost, qc = -r * g
                let root = qa > 0 ? (-qb + (qb * qb - 4 * qa * qc).squareRoot()) / (2 * qa) : (qb > 0 ? -qc / qb : burstRate)
                rate = root > 0 ? root : burstRate
                let next = (b / rate + lost) / span
                let extra = max(0, u / next - 1), denominator = span * rate - extra
                mu = denominator > 0 ? extra * rate / denominator : max(r - rate, 0)
                if abs(next - hosts) < 1e-3 * next { hosts = next; break }
                hosts = next
            }
            return Model(hosts: hosts, bursts: bursts, rate: rate + mu, burstRate: rate)
        }
    }

    /// A trap that keeps at most N messages per address leaves many addresses at exactly N.
    static func detectCap(_ messages: [Int]) -> Int? {
        let sending = messages.filter { $0 > 0 }
        guard let top = sending.max(), top >= 3 else { return nil }
        let atTop = sending.filter { $0 == top }.count
        return atTop >= 5 && atTop * 20 >= sending.count ? top : nil
    }

    /// The sender units as the fit reads them; `capped` is asked of a unit's address. (`seenAtOnce` of these is
    /// a lower bound on hosts that holds however fast addresses move: a host that moved within the hour is one
    /// stay after another, not two at once.)
    static func gather(_ units: [SenderUnit], capped: (Int) -> Bool) -> [Unit] {
        units.map { Unit(address: $0.address, host: $0.host, times: $0.times, capped: capped($0.address)) }
    }

    /// The most units of one host key staying at once, summed over host keys (an interval graph's clique).
    static func seenAtOnce(_ units: [Unit]) -> Int {
        var stays: [HostKey: [(time: Double, change: Int)]] = [:]
        for u in units { stays[u.host, default: []] += [(u.times.first!, 1), (u.times.last!, -1)] }
        return stays.values.reduce(0) { total, events in
            var open = 0, most = 0
            // At equal times a stay that starts counts before one that ends: one host is not at two addresses at once.
            for e in events.sorted(by: { $0.time != $1.time ? $0.time < $1.time : $0.change > $1.change }) {
                open += e.change
                most = max(most, open)
            }
            return total + most
        }
    }

    /// Two hosts of different stacks at one address within a holding time are seen as two units; two of the
    /// same stack as one. With stack shares p, a pair differs with probability 1 − Σp², so the share of
    /// address-windows showing two stacks tells how many pairs there are, and Σp² of them hide a host.
    static func hiddenShare(_ units: [Unit], window: Double) -> Double {
        guard window > 0 else { return 0 }
        var stackCount: [String: Int] = [:]
        for u in units { stackCount[u.stack, default: 0] += 1 }
        let total = Double(units.count)
        let sameStack = stackCount.values.reduce(0.0) { $0 + (Double($1) / total) * (Double($1) / total) }
        guard sameStack < 0.99 else { return 0 }
        struct Cell: Hashable { var address: Int; var window: Int }
        var stacks: [Cell: Set<String>] = [:]
        for u in units { for t in u.times { stacks[Cell(address: u.address, window: Int((t / window).rounded(.down))), default: []].insert(u.stack) } }
        guard !stacks.isEmpty else { return 0 }
        let shared = Double(stacks.values.filter { $0.count >= 2 }.count) / Double(stacks.count)
        return shared / (1 - sameStack) * sameStack
    }
}
