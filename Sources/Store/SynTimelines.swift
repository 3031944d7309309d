/// A case's SYNs by address, each address's in time order, for the SYN join: the SYN nearest to a spam
/// event is found by a binary search. SQLite's join ranked every candidate in a window function, 6–10 s
/// after each capture of ThingBot.
///
/// The answer is the join's, to the bit: among the SYNs of the event's address whose time lies in
/// [t − window, t + window], the one with the least |s − t|, the lower id on a tie. Doubles are compared as
/// SQLite compares them; since |s − t| cannot grow as s nears t from either side, only the nearest run
/// of equal gaps on each side can hold the answer.
struct SynTimelines {
    private var ranges: [String: Range<Int>] = [:]
    private var times: [Double] = []
    private var ids: [Int64] = []
    private var current: String?
    private var start = 0

    var isEmpty: Bool { times.isEmpty }

    /// Adds one SYN. Rows come grouped by address and in time order within it (`ORDER BY ip, time`).
    mutating func add(ip: String, time: Double, id: Int64) {
        if ip != current { close(); current = ip; start = times.count }
        times.append(time)
        ids.append(id)
    }

    /// Ends the last address's run; call once after the last `add`.
    mutating func close() {
        if let current, start < times.count { ranges[current] = start..<times.count }
    }

    /// The id of the SYN the join gives an event of `ip` at `time`, nil when none lies within `window`.
    func nearest(ip: String, time t: Double, window: Double) -> Int64? {
        guard let range = ranges[ip] else { return nil }
        let low = t - window, high = t + window
        // First SYN at or after t.
        var lo = range.lowerBound, hi = range.upperBound
        while lo < hi {
            let mid = (lo + hi) / 2
            if times[mid] < t { lo = mid + 1 } else { hi = mid }
        }
        var best: (gap: Double, id: Int64)?
        func consider(_ i: Int) {
            let gap = abs(times[i] - t)
            if let b = best, (b.gap, b.id) <= (gap, ids[i]) { return }
            best = (gap, ids[i])
        }
        // Later side: the run of SYNs as near as the first one.
        if lo < range.upperBound, times[lo] <= high {
            let gap = abs(times[lo] - t)
            var i = lo
            while i < range.upperBound, times[i] <= high, abs(times[i] - t) == gap { consider(i); i += 1 }
        }
        // Earlier side, likewise.
        if lo > range.lowerBound, times[lo - 1] >= low {
            let gap = abs(times[lo - 1] - t)
            var i = lo - 1
            while i >= range.lowerBound, times[i] >= low, abs(times[i] - t) == gap { consider(i); i -= 1 }
        }
        return best?.id
    }
}
