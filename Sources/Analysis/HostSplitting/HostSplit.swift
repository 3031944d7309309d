/// One SYN seen from a public address, reduced to what host splitting reads: when it came, its IPv4 ID
/// and TCP timestamp, and which stack sent it. Splitters only compare SYNs of the same `stackKey`: two
/// stacks (or two hop distances) are two hosts already, and one host's counters live in one stack.
public struct SynSample: Sendable, Equatable {
    /// Capture time, seconds (fractions kept: a 1000 Hz clock moves 1000 ticks a second).
    public var time: Double
    public var ipID: Int?
    public var tsVal: UInt32?
    /// p0f stack and hop distance, e.g. the raw_sig (which carries both).
    public var stackKey: String
    /// The address the SYN went to. Linux 4.10+ offsets its TCP clock per (source, destination) pair, so
    /// one host draws one clock line per destination; empty when unknown (all SYNs then count as one).
    public var destination: String

    public init(time: Double, ipID: Int?, tsVal: UInt32?, stackKey: String, destination: String = "") {
        self.time = time; self.ipID = ipID; self.tsVal = tsVal; self.stackKey = stackKey; self.destination = destination
    }
}

/// How many hosts sent one address's SYNs, as one method sees it.
public struct HostSplit: Sendable, Equatable {
    /// Hosts the method tells apart: a lower bound (SYNs it cannot tell apart count as one host).
    public var hosts: Int
    /// Sample indices per host (every sample given, in one group each).
    public var groups: [[Int]]
    public var method: String
    /// Why, in words: what was linked over which time scale, and what was left uncounted.
    public var detail: String
    /// Some stack's TCP timestamps are random per connection: timestamps count nothing there, and
    /// `hosts` must not be read as a count from timestamps.
    public var randomTimestamps: Bool

    public init(hosts: Int, groups: [[Int]], method: String, detail: String, randomTimestamps: Bool = false) {
        self.hosts = hosts; self.groups = groups; self.method = method; self.detail = detail; self.randomTimestamps = randomTimestamps
    }
}

extension HostSplit {
    /// Indices of samples grouped by a key, groups in order of first appearance (deterministic, no hash order).
    static func grouped<K: Hashable>(_ indices: [Int], key: (Int) -> K) -> [[Int]] {
        var slot: [K: Int] = [:]
        var groups: [[Int]] = []
        for i in indices {
            let k = key(i)
            if let s = slot[k] { groups[s].append(i) } else { slot[k] = groups.count; groups.append([i]) }
        }
        return groups
    }
}
