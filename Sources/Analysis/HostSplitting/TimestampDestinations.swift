/// Clock lines of one stack seen at several destinations, joined into hosts. A raw uptime clock draws the
/// same line at every destination; Linux 4.10+ adds a secret offset per (source, destination) pair, so
/// one host draws a different line at each. Lines that coincide are one host; lines that do not may still
/// be one host, so the count is the most lines any one destination saw (a lower bound, never more).
extension TimestampLines {
    enum Destinations {
        static func hosts(_ perDestination: [[Line]]) -> [[Int]] {
            let lines = perDestination.enumerated().flatMap { d, ls in ls.map { (destination: d, line: $0) } }
            // Union of coinciding lines at different destinations.
            var parent = Array(lines.indices)
            func root(_ i: Int) -> Int { var i = i; while parent[i] != i { i = parent[i] }; return i }
            for a in lines.indices {
                for b in lines.indices where b > a && lines[a].destination != lines[b].destination && coincide(lines[a].line, lines[b].line) {
                    parent[root(b)] = root(a)
                }
            }
            var components = HostSplit.grouped(Array(lines.indices)) { root($0) }
            components.sort { $0[0] < $1[0] }
            func destinations(_ c: [Int]) -> Set<Int> { Set(c.map { lines[$0].destination }) }
            func members(_ c: [Int]) -> [TimedSample] { c.flatMap { lines[$0].line.members } }

            // The destination that saw most lines fixes the count; other destinations' lines join the host
            // nearest in time that has no line there yet (a burst's SYNs go to several traps minutes apart).
            let count = perDestination.indices.map { d in components.filter { destinations($0).contains(d) }.count }
            let reference = count.indices.max { count[$0] < count[$1] || (count[$0] == count[$1] && $0 > $1) } ?? 0
            var groups: [(members: [TimedSample], destinations: Set<Int>)] = components.filter { destinations($0).contains(reference) }
                .map { (members($0), destinations($0)) }
            for c in components where !destinations(c).contains(reference) {
                let mine = members(c), seen = destinations(c)
                let free = groups.indices.filter { groups[$0].destinations.isDisjoint(with: seen) }
                if let g = free.min(by: { gap(mine, groups[$0].members) < gap(mine, groups[$1].members) }) {
                    groups[g].members += mine
                    groups[g].destinations.formUnion(seen)
                } else {
                    groups.append((mine, seen))
                }
            }
            return groups.map { $0.members.map(\.index).sorted() }
        }

        /// Two lines are one clock when their anchors fit one rate (the known rate of either, else any).
        static func coincide(_ a: Line, _ b: Line) -> Bool {
            let rates = a.hz.map { [$0] } ?? b.hz.map { [$0] } ?? ClockRates.all
            return rates.contains { ClockRates.fit(a.anchor, b.anchor, hz: $0, slack: Finder.slack) }
        }

        /// Closest approach in time of two sets of samples.
        static func gap(_ a: [TimedSample], _ b: [TimedSample]) -> Double {
            var best = Double.infinity
            for i in a { for j in b { best = min(best, abs(i.time - j.time)) } }
            return best
        }
    }
}
