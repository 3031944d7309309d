import Analysis
import Foundation
import Simulation

/// Hosts whose SYNs come from the simulator's own IP-ID and TCP clock models (`SynClock`), sent at
/// chosen times, for splitting tests with known answers.
struct ModelHost {
    var clock: SynClock
    var key: String
    var sent = 0

    static let start = 1_767_657_600.0   // 2026-01-06T00:00:00Z
    static let traps: [UInt32] = [0xC000_0219, 0xC000_021A]   // 192.0.2.25, 192.0.2.26

    init(ipid: IPIDBehaviour = .incremental, timestamps: TimestampBehaviour = .rawUptime, hz: Int = 100, key: String = "linux26",
         uptime: Double = 86400, skew: Double = 30, idBase: Int = 1000, idRate: Double = 5, secret: UInt64 = 1) {
        clock = SynClock(ipid: ipid, timestamps: timestamps, clockHz: timestamps == .none ? 0 : hz, skewPPM: skew, uptimeAtStart: uptime,
                         start: Self.start, idBase: idBase, idRate: idRate, pairSecret: secret)
        self.key = key
    }

    /// The SYN this host sends `seconds` after the start to trap `trap` (0 or 1); `random` stands for the
    /// connection's random word.
    mutating func syn(at seconds: Double, trap: Int = 0, random: UInt64) -> SynSample {
        let t = Self.start + seconds
        defer { sent += 1 }
        return SynSample(time: t, tsVal: clock.tsVal(at: t, trap: Self.traps[trap], random: random),
                         ipID: Int(clock.ipID(at: t, connections: sent, random: random)), host: HostKey(stack: key, distance: nil),
                         trap: "192.0.2.\(25 + trap)")
    }
}

/// Several model hosts sending bursts; remembers who sent each sample.
struct Traffic {
    var samples: [SynSample] = []
    var sender: [Int] = []
    var rng: SplitMixLike

    init(seed: UInt64) { rng = SplitMixLike(seed) }

    /// A burst of `count` SYNs from `host`, `gap` seconds apart (each gap drawn in the range), starting at
    /// `at` seconds, each to a random trap when `traps` is 2.
    mutating func burst(_ hosts: inout [ModelHost], _ host: Int, at: Double, count: Int, gap: ClosedRange<Double>, traps: Int = 1) {
        var t = at
        for _ in 0..<count {
            let trap = traps > 1 ? Int(rng.next() % UInt64(traps)) : 0
            samples.append(hosts[host].syn(at: t, trap: trap, random: rng.next()))
            sender.append(host)
            t += gap.lowerBound + Double(rng.next() % 1000) / 1000 * (gap.upperBound - gap.lowerBound)
        }
    }

    /// Samples in time order (as a capture gives them), with their senders.
    func sorted() -> (samples: [SynSample], sender: [Int]) {
        let order = samples.indices.sorted { (samples[$0].time, $0) < (samples[$1].time, $1) }
        return (order.map { samples[$0] }, order.map { sender[$0] })
    }
}

/// SplitMix64, for test schedules.
struct SplitMixLike {
    var state: UInt64
    init(_ seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}

/// True when every group holds one sender's samples only.
func groupsArePure(_ split: HostSplit, _ sender: [Int]) -> Bool {
    split.groups.allSatisfy { g in Set(g.map { sender[$0] }).count == 1 }
}
