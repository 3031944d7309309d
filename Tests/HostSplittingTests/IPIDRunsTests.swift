import Analysis
import Simulation
import Testing

/// IP-ID runs from the simulator's counter model (base + rate · t + own SYNs, skipping 0).
@Suite struct IPIDRunsTests {
    /// Hosts that send bursts of SYNs a few seconds apart in the same minutes (a NAT household's infected
    /// PCs woken by one command), on several days.
    static func together(_ hosts: [ModelHost], seed: UInt64, days: Int = 3) -> (samples: [SynSample], sender: [Int]) {
        var hosts = hosts
        var traffic = Traffic(seed: seed)
        for day in 0..<days {
            for session in 0..<3 {
                let at = Double(day * 86400 + session * 20000)
                for h in hosts.indices { traffic.burst(&hosts, h, at: at + traffic.rng.unit() * 30, count: 4, gap: 2...20) }
            }
        }
        return traffic.sorted()
    }

    static func hosts(_ n: Int, key: String = "win10") -> [ModelHost] {
        let rates = [0.7, 6, 18]
        return (0..<n).map { i -> ModelHost in ModelHost(timestamps: .none, key: key, idBase: 9000 + i * 21_000, idRate: rates[i % 3]) }
    }

    @Test(arguments: [1, 2, 3])
    func countersOfOneStackSendingTogether(n: Int) throws {
        let (samples, sender) = Self.together(Self.hosts(n), seed: UInt64(n))
        let split = try #require(IPIDRuns.split(samples))
        #expect(split.hosts == n, "\(split.detail)")
        #expect(groupsArePure(split, sender))
    }

    @Test func aCounterThatWrapsIsOneRun() throws {
        // 18 packets/s from 65000: past 65535 within a minute, and many times a day.
        let (samples, _) = Self.together([ModelHost(timestamps: .none, key: "win10", idBase: 65000, idRate: 18)], seed: 4)
        let split = try #require(IPIDRuns.split(samples))
        #expect(split.hosts == 1, "\(split.detail)")
    }

    @Test func hostsThatNeverSendCloseInTimeAreNotSplit() throws {
        // Two counters, SYNs always hours apart from the other host's: no run can be told from another.
        var hosts = Self.hosts(2)
        var traffic = Traffic(seed: 8)
        for day in 0..<4 {
            traffic.burst(&hosts, 0, at: Double(day * 86400), count: 4, gap: 2...20)
            traffic.burst(&hosts, 1, at: Double(day * 86400 + 7200), count: 4, gap: 2...20)
        }
        let split = try #require(IPIDRuns.split(traffic.sorted().samples))
        #expect(split.hosts == 1, "\(split.detail)")
        #expect(split.detail.contains("within 31 s"), "\(split.detail)")
    }

    @Test func zeroAndRandomIDsSayNothing() {
        let (zero, _) = Self.together([ModelHost(ipid: .zero, timestamps: .none, key: "rtos")], seed: 5)
        #expect(IPIDRuns.split(zero) == nil)
        let (random, _) = Self.together([ModelHost(ipid: .random, timestamps: .perAddressPairOffset, hz: 1000, key: "linux5")], seed: 6)
        #expect(IPIDRuns.split(random) == nil)
        let win10 = HostKey(stack: "win10", distance: nil)
        let far = [SynSample(time: 0, tsVal: nil, ipID: 5, host: win10), SynSample(time: 3600, tsVal: nil, ipID: 40000, host: win10)]
        #expect(IPIDRuns.split(far) == nil)
        #expect(IPIDRuns.split([SynSample(time: 0, tsVal: 5, ipID: nil, host: HostKey(stack: "v6", distance: nil))]) == nil)
    }

    @Test func twoStacksAreTwoHostsWhateverTheirIDs() throws {
        let (samples, _) = Self.together(Self.hosts(1, key: "win10") + [ModelHost(ipid: .zero, timestamps: .none, key: "rtos")], seed: 7)
        let split = try #require(IPIDRuns.split(samples))
        #expect(split.hosts == 2, "\(split.detail)")
    }
}
