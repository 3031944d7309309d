/// A TCP clock line: SYNs of one host whose TSval = Hz · (t − boot) mod 2^32 for one rate and one boot
/// time (Kohno et al. 2005). Different hosts booted at different times, so their lines lie apart.
extension TimestampLines {
    struct Line {
        /// Sample indices, in time order.
        var members: [Int]
        /// nil for a lone SYN: any rate fits one point.
        var hz: Double?
        /// The member the others were measured against.
        var anchor: Int
    }

    enum Finder {
        /// Rates of real TCP timestamp clocks (Linux 100/250/300/1000, BSD and others 10–1000).
        static let rates: [Double] = [10, 100, 250, 300, 1000]
        /// Clock skew bound: Kohno et al. saw tens of ppm; 100 ppm over a 14-day campaign is 121 ticks at 1000 Hz.
        static let skew = 100e-6
        /// Seconds between a SYN leaving its host and the trap stamping it (network delay, capture jitter).
        static let timingSlack = 0.5
        static let modulus = 4_294_967_296.0

        /// Whether samples `a` and `b` lie on one line of rate `hz`: their TSval difference, modulo 2^32
        /// (the clock wraps), is Hz · Δt within timing slack and skew.
        static func fit(_ a: SynSample, _ b: SynSample, hz: Double) -> Bool {
            guard let x = a.tsVal, let y = b.tsVal else { return false }
            let dt = b.time - a.time
            var r = (Double(y &- x) - hz * dt).truncatingRemainder(dividingBy: modulus)
            if r < 0 { r += modulus }
            return min(r, modulus - r) <= tolerance(hz: hz, dt: dt)
        }

        static func tolerance(hz: Double, dt: Double) -> Double { hz * (timingSlack + skew * abs(dt)) + 1 }

        /// The lines through `indices` (samples with timestamps, one stack, one destination): greedily the
        /// line holding the most SYNs first, over every candidate rate; what fits no line is a lone SYN.
        static func find(_ indices: [Int], in samples: [SynSample]) -> [Line] {
            var remaining = indices.sorted { samples[$0].time < samples[$1].time }
            var lines: [Line] = []
            while remaining.count >= 2 {
                guard let best = largestLine(remaining, samples) else { break }
                lines.append(best)
                let taken = Set(best.members)
                remaining.removeAll { taken.contains($0) }
            }
            lines += remaining.map { Line(members: [$0], hz: nil, anchor: $0) }
            return lines.sorted { samples[$0.members[0]].time < samples[$1.members[0]].time }
        }

        /// The (rate, anchor) with the most members, at least two. Samples are sorted by their offset at each
        /// rate, so only neighbours within the largest tolerance are tried: linear in practice, not quadratic.
        private static func largestLine(_ remaining: [Int], _ samples: [SynSample]) -> Line? {
            let t0 = samples[remaining[0]].time
            let span = samples[remaining[remaining.count - 1]].time - t0
            var best: Line?
            for hz in rates {
                let widest = tolerance(hz: hz, dt: span)
                var offsets: [(offset: Double, index: Int)] = remaining.map { i in
                    var o = (Double(samples[i].tsVal!) - hz * (samples[i].time - t0)).truncatingRemainder(dividingBy: modulus)
                    if o < 0 { o += modulus }
                    return (o, i)
                }
                offsets.sort { ($0.offset, $0.index) < ($1.offset, $1.index) }
                // Circular: the sorted list followed by itself one modulus higher.
                let n = offsets.count
                let ring = offsets + offsets.map { ($0.offset + modulus, $0.index) }
                for k in 0..<n {
                    let anchor = ring[k].index
                    var members = [anchor]
                    var j = k + 1
                    while j < k + n, ring[j].offset - ring[k].offset <= widest {
                        if fit(samples[anchor], samples[ring[j].index], hz: hz) { members.append(ring[j].index) }
                        j += 1
                    }
                    j = k + n - 1
                    while j > k, ring[k + n].offset - ring[j].offset <= widest, !members.contains(ring[j].index) {
                        if fit(samples[anchor], samples[ring[j].index], hz: hz) { members.append(ring[j].index) }
                        j -= 1
                    }
                    if members.count >= 2, members.count > best?.members.count ?? 1 {
                        best = Line(members: members.sorted { samples[$0].time < samples[$1].time }, hz: hz, anchor: anchor)
                    }
                }
            }
            return best
        }
    }
}
