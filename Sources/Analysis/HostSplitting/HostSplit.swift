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
