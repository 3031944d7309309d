import BotCensusCore
import Probe
import Testing

/// Target lists, shards that split one list without overlap or gap, the rate schedule, and the small codecs.
@Suite struct ProbeTargetTests {
    @Test func targetLinesReadAndBadOnesNameTheirLine() throws {
        let list = try TargetList.parse("# targets\n127.0.0.1\r\n127.0.0.2,8080\n::1,22,ssh\n\n127.0.0.3,,http\n", name: "t.txt")
        #expect(list.map(\.description) == ["127.0.0.1", "127.0.0.2,8080", "::1,22,ssh", "127.0.0.3,http"])
        for (text, message) in [("127.0.0.1,99999\n", "t.txt:1: port '99999' is not 1-65535"),
                                ("127.0.0.1\nhost.example\n", "t.txt:2: 'host.example' is not ip, ip,port or ip,port,module"),
                                ("127.0.0.1,80,gopher\n", "t.txt:1: no module 'gopher'")] {
            do {
                _ = try TargetList.parse(text, name: "t.txt")
                Issue.record("\(text) was accepted")
            } catch {
                #expect("\(error)".hasPrefix(message), "\(error)")
            }
        }
    }

    /// `--follow` shards: every address is owned by exactly one of N probers, the shares are even (a /16 of
    /// neighbours and some IPv6 addresses), and another seed deals them differently.
    @Test func followShardsOwnEveryAddressOnceAndEvenly() throws {
        var addresses = (0..<65_536).map { IPAddress("10.\($0 >> 8).\($0 & 255).1")! }
        addresses += (0..<4096).map { IPAddress("2001:db8::\(String($0, radix: 16))")! }
        for shards in [1, 3, 8] {
            var counts = [Int](repeating: 0, count: shards)
            for address in addresses {
                let owners = (0..<shards).filter { AddressShard(shard: $0, of: shards, seed: 7).owns(address) }
                #expect(owners.count == 1, "\(address) owned by \(owners)")
                counts[owners.first ?? 0] += 1
            }
            let even = Double(addresses.count) / Double(shards)
            #expect(counts.allSatisfy { abs(Double($0) - even) < 0.03 * even }, "\(shards) shards: \(counts)")
        }
        let moved = addresses.prefix(1000).filter { AddressShard.of($0, shards: 8, seed: 7) != AddressShard.of($0, shards: 8, seed: 8) }
        #expect(moved.count > 700, "a new seed deals the addresses anew: \(moved.count) of 1000 moved")
    }

    @Test(arguments: [(1, 1), (2, 1), (10, 3), (100, 7), (1000, 4), (4099, 16), (65_537, 5)])
    func shardsCoverEveryTargetExactlyOnce(count: Int, shards: Int) {
        for seed: UInt64 in [0, 1, 0xdead_beef] {
            let permutation = ShardPermutation(count: count, seed: seed)
            var seen = [Int](repeating: 0, count: count)
            for shard in 0..<shards {
                for index in permutation.indices(shard: shard, of: shards) { seen[index] += 1 }
            }
            #expect(seen.allSatisfy { $0 == 1 }, "n=\(count) shards=\(shards) seed=\(seed)")
        }
    }

    @Test func theWalkDependsOnTheSeedAndIsNotSequential() {
        let a = ShardPermutation(count: 1000, seed: 1).indices(shard: 0, of: 1)
        let b = ShardPermutation(count: 1000, seed: 2).indices(shard: 0, of: 1)
        #expect(a != b)
        #expect(a != Array(0..<1000))
        #expect(a == ShardPermutation(count: 1000, seed: 1).indices(shard: 0, of: 1))
        // Consecutive targets (neighbouring addresses) are seldom probed one after another.
        let neighbours = zip(a, a.dropFirst()).filter { abs($0 - $1) == 1 }.count
        #expect(neighbours < 20)
    }

    @Test func theRateScheduleSpacesStartsExactlyAndNeverBursts() {
        var schedule = RateSchedule(perSecond: 100)
        var now = 1000.0
        var dues: [Double] = []
        for i in 0..<1000 {
            // Callers arrive irregularly: sometimes early, sometimes after an idle spell.
            if i == 500 { now += 3 }
            let due = schedule.due(now: now)
            dues.append(due)
            now = max(now, due) + (i % 3 == 0 ? 0.001 : 0)
        }
        let gaps = zip(dues, dues.dropFirst()).map { $1 - $0 }
        #expect(gaps.allSatisfy { $0 >= 0.01 - 1e-9 }, "a start came sooner than 1/rate after the one before")
        let first = Array(dues[0..<500]), rate = Double(first.count - 1) / (first.last! - first.first!)
        #expect(abs(rate - 100) / 100 < 0.05, "rate \(rate)")
    }
}
