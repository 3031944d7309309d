import Analysis
import Simulation
import Testing

/// TCP clock lines from the simulator's clock models: hosts behind one address over two weeks.
@Suite struct TimestampLinesTests {
    /// `n` hosts of one stack, each sending bursts on most days of a 14-day campaign.
    static func campaign(_ hosts: [ModelHost], seed: UInt64, traps: Int = 1) -> (samples: [SynSample], sender: [Int]) {
        var hosts = hosts
        var traffic = Traffic(seed: seed)
        for day in 0..<14 {
            for h in hosts.indices where traffic.rng.unit() < 0.6 {
                let at = Double(day * 86400) + traffic.rng.unit() * 80000
                traffic.burst(&hosts, h, at: at, count: 1 + Int(traffic.rng.next() % 4), gap: 30...900, traps: traps)
            }
        }
        return traffic.sorted()
    }

    @Test(arguments: [1, 2, 3])
    func rawUptimeClocksOfOneStack(n: Int) throws {
        let hosts = (0..<n).map { i -> ModelHost in
            let uptime = Double(3600 + i * 200_000), skew = Double(i * 40 - 40)
            return ModelHost(hz: 100, uptime: uptime, skew: skew)
        }
        let (samples, sender) = Self.campaign(hosts, seed: UInt64(n), traps: 2)
        let split = try #require(TimestampLines.split(samples))
        #expect(split.hosts == n, "\(split.detail)")
        #expect(!split.randomTimestamps)
        #expect(groupsArePure(split, sender))
    }

    @Test(arguments: [1, 2, 3])
    func perAddressPairOffsetsAtTwoTraps(n: Int) throws {
        let hosts = (0..<n).map { i -> ModelHost in
            let uptime = Double(7200 + i * 90_000), skew = -60 + Double(i) * 50
            return ModelHost(ipid: .random, timestamps: .perAddressPairOffset, hz: 1000, key: "linux5", uptime: uptime, skew: skew,
                             secret: UInt64(77 + i))
        }
        let (samples, _) = Self.campaign(hosts, seed: 10 + UInt64(n), traps: 2)
        let split = try #require(TimestampLines.split(samples))
        #expect(split.hosts == n, "\(split.detail)")
        #expect(!split.randomTimestamps)
    }

    @Test func perConnectionRandomTimestampsCountNothing() throws {
        let (samples, _) = Self.campaign([ModelHost(ipid: .random, timestamps: .perConnectionRandom, hz: 1000, key: "linux2026")], seed: 5)
        #expect(samples.count >= 5)
        let split = try #require(TimestampLines.split(samples))
        #expect(split.randomTimestamps)
        #expect(split.detail.contains("per-connection random TCP timestamps: they count nothing"), "\(split.detail)")
    }

    @Test func randomClockBesideARealOneIsStillFlagged() throws {
        let (samples, _) = Self.campaign([ModelHost(timestamps: .perConnectionRandom, hz: 1000, key: "linux2026"),
                                          ModelHost(hz: 250, key: "linux3")], seed: 6)
        let split = try #require(TimestampLines.split(samples))
        #expect(split.randomTimestamps)
    }

    @Test func wrapAroundOfTheClockKeepsOneLine() throws {
        // 1000 Hz wraps 2^32 after 49.7 days: these clocks wrap one hour and five days into the campaign.
        let wrap = 4_294_967.296
        let hosts = [ModelHost(hz: 1000, uptime: wrap - 3600, skew: 70), ModelHost(hz: 1000, uptime: wrap - 5 * 86400, skew: -70)]
        let (samples, sender) = Self.campaign(hosts, seed: 9)
        #expect(samples.contains { $0.tsVal! < 1_000_000_000 } && samples.contains { $0.tsVal! > 3_800_000_000 })
        let split = try #require(TimestampLines.split(samples))
        #expect(split.hosts == 2, "\(split.detail)")
        #expect(groupsArePure(split, sender))
    }

    @Test func clocksOfDifferentRatesInOneStack() throws {
        let hosts = [ModelHost(hz: 10, uptime: 5000), ModelHost(hz: 250, uptime: 50_000), ModelHost(hz: 300, uptime: 500_000)]
        let (samples, sender) = Self.campaign(hosts, seed: 12)
        let split = try #require(TimestampLines.split(samples))
        #expect(split.hosts == 3, "\(split.detail)")
        #expect(groupsArePure(split, sender))
    }

    @Test func stacksWithoutTimestampsCountOneEachAndAloneSayNothing() throws {
        let (windows, _) = Self.campaign([ModelHost(timestamps: .none, key: "win10")], seed: 3)
        #expect(TimestampLines.split(windows) == nil)
        let (mixed, _) = Self.campaign([ModelHost(timestamps: .none, key: "win10"), ModelHost(hz: 100, key: "linux26")], seed: 4)
        let split = try #require(TimestampLines.split(mixed))
        #expect(split.hosts == 2, "\(split.detail)")
    }
}
