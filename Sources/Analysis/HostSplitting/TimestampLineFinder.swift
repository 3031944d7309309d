/// A TCP clock line (`ClockRates`): SYNs of one host whose TSval = Hz · (t − boot) mod 2^32 for one rate and
/// one boot time.
extension TimestampLines {
    struct Line {
        /// In time order.
        var members: [TimedSample]
        /// nil for a lone SYN: any rate fits one point.
        var hz: Double?
        /// The member the others were measured against.
        var anchor: TimedSample

        /// The members' sample indices.
        var indices: [Int] { members.map(\.index) }
    }

    enum Finder {
        static let slack = ClockSlack.oneAddress

        /// The lines through `timed` (one stack, one destination): greedily the line holding the most SYNs
        /// first, over every candidate rate; what fits no line is a lone SYN.
        static func find(_ timed: [TimedSample]) -> [Line] {
            var remaining = timed.sorted { $0.time < $1.time }
            var lines: [Line] = []
            while remaining.count >= 2 {
                guard let best = largestLine(remaining) else { break }
                lines.append(best)
                let taken = Set(best.indices)
                remaining.removeAll { taken.contains($0.index) }
            }
            lines += remaining.map { Line(members: [$0], hz: nil, anchor: $0) }
            return lines.sorted { $0.members[0].time < $1.members[0].time }
        }

        /// The (rate, anchor) with the most members, at least two; on a tie the slower rate (whose tolerance
        /// in time is the widest). Samples are sorted by their offset at each rate, so only neighbours within
        /// the largest tolerance are tried: linear in practice, not quadratic.
        private static func largestLine(_ remaining: [TimedSample]) -> Line? {
            let t0 = remaining[0].time
            let span = remaining[remaining.count - 1].time - t0
            var best: Line?
            for hz in ClockRates.all.reversed() {
                let widest = slack.tolerance(hz: hz, dt: span)
                var offsets: [(offset: Double, sample: TimedSample)] = remaining.map { s in
                    var o = (Double(s.tsVal) - hz * (s.time - t0)).truncatingRemainder(dividingBy: ClockRates.modulus)
                    if o < 0 { o += ClockRates.modulus }
                    return (o, s)
                }
                offsets.sort { ($0.offset, $0.sample.index) < ($1.offset, $1.sample.index) }
                // Circular: the sorted list followed by itself one modulus higher.
                let n = offsets.count
                let ring = offsets + offsets.map { ($0.offset + ClockRates.modulus, $0.sample) }
                for k in 0..<n {
                    let anchor = ring[k].sample
                    var members = [anchor]
                    var j = k + 1
                    while j < k + n, ring[j].offset - ring[k].offset <= widest {
                        if ClockRates.fit(anchor, ring[j].sample, hz: hz, slack: slack) { members.append(ring[j].sample) }
                        j += 1
                    }
                    j = k + n - 1
                    while j > k, ring[k + n].offset - ring[j].offset <= widest, !members.contains(where: { $0.index == ring[j].sample.index }) {
                        if ClockRates.fit(anchor, ring[j].sample, hz: hz, slack: slack) { members.append(ring[j].sample) }
                        j -= 1
                    }
                    if members.count >= 2, members.count > best?.members.count ?? 1 {
                        best = Line(members: members.sorted { $0.time < $1.time }, hz: hz, anchor: anchor)
                    }
                }
            }
            return best
        }
    }
}
