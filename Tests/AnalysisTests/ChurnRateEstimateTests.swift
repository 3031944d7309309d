import BotCensusCore
import Foundation
import Testing
@testable import Analysis

/// The v2 census on worlds drawn here from its own model (Poisson bursts, Poisson moves to fresh addresses):
/// there it must find the hosts it was built for, and say how hosts send and move.
@Suite struct ChurnRateEstimateTests {
    struct World {
        var syns: [SynSample] = []
        var messagesPerAddress: [Int] = []
        var hosts: Int
    }

    /// `hosts` hosts over `days`, each sending `burstsPerDay` bursts of 1–3 SYNs (1–10 min apart) and moving to a
    /// fresh address after an exponential stay of `stayHours` on average; `stacks` distinct stacks; a trap that
    /// keeps at most `cap` messages per address when given.
    static func world(hosts: Int, days: Double, burstsPerDay: Double, stayHours: Double, stacks: Int = 6,
                      cap: Int? = nil, seed: UInt64) -> World {
        var rng = SplitMix64(seed: seed)
        func uniform() -> Double { Double(rng.next() >> 11) * 0x1p-53 }
        func exponential(_ mean: Double) -> Double { -mean * log(1 - uniform()) }
        let span = days * 86400
        var w = World(hosts: hosts)
        var events: [(time: Double, address: Int, host: HostKey)] = []
        for h in 0..<hosts {
            let key = HostKey(stack: "stack-\(h % stacks)", distance: 10 + h % 3)
            var address = w.messagesPerAddress.count
            w.messagesPerAddress.append(0)
            var nextMove = exponential(stayHours * 3600)
            var t = exponential(86400 / burstsPerDay)
            while t < span {
                while nextMove < t {
                    address = w.messagesPerAddress.count
                    w.messagesPerAddress.append(0)
                    nextMove += exponential(stayHours * 3600)
                }
                var m = t
                for _ in 0..<(1 + Int(rng.next() % 3)) where m < span {
                    events.append((m, address, key))
                    m += 60 + uniform() * 540
                }
                t += exponential(86400 / burstsPerDay)
            }
        }
        events.sort { $0.time < $1.time }
        for e in events {
            if let cap, w.messagesPerAddress[e.address] >= cap { continue }
            w.messagesPerAddress[e.address] += 1
            w.syns.append(SynSample(time: e.time, tsVal: nil, host: e.host, address: e.address))
        }
        return w
    }

    @Test func findsTheHostsOfItsOwnModel() throws {
        for (stay, seed) in [(6.0, 1 as UInt64), (48.0, 2), (24.0 * 365, 3)] {
            let w = Self.world(hosts: 300, days: 14, burstsPerDay: 1.5, stayHours: stay, seed: seed)
            let r = try #require(ChurnRateEstimate.estimate(syns: w.syns, messagesPerAddress: w.messagesPerAddress, replicates: 100))
            print("churn-rate: stay \(stay) h: \(Int(r.hosts)) [\(Int(r.low))–\(Int(r.high))] for 300; b \(r.burstsPerDay)/day, stay \(r.holdingHours ?? -1) h, \(r.units) units")
            #expect(abs(r.hosts - 300) <= 30, "stay \(stay) h: \(r.hosts) hosts for 300")
            #expect(r.low <= 300 && 300 <= r.high, "stay \(stay) h: [\(r.low), \(r.high)]")
            #expect(abs(r.burstsPerDay - 1.5) <= 0.25, "stay \(stay) h: \(r.burstsPerDay) bursts a day for 1.5")
            #expect(r.units > (stay < 100 ? 600 : 250), "churn spreads hosts over addresses")
            #expect(r.cap == nil)
        }
    }

    @Test func aTrapCapPerAddressIsCensoringNotFewerHosts() throws {
        for (stay, cap, seed) in [(24.0 * 365, 8, 4 as UInt64), (48.0, 4, 6)] {
            let w = Self.world(hosts: 300, days: 14, burstsPerDay: 1.5, stayHours: stay, cap: cap, seed: seed)
            let r = try #require(ChurnRateEstimate.estimate(syns: w.syns, messagesPerAddress: w.messagesPerAddress, replicates: 100))
            print("churn-rate capped at \(cap), stay \(stay) h: \(Int(r.hosts)) [\(Int(r.low))–\(Int(r.high))] for 300; b \(r.burstsPerDay)/day, stay \(r.holdingHours ?? -1) h, \(r.units) units, \(r.censoredUnits) censored")
            #expect(r.cap == cap)
            #expect(r.censoredUnits > (stay > 100 ? 250 : 100), "many hosts send more than \(cap) messages from one address")
            #expect(abs(r.hosts - 300) <= 45, "stay \(stay) h, cap \(cap): \(r.hosts) hosts for 300")
            #expect(r.low <= 300 && 300 <= r.high)
        }
    }

    @Test func aSpanTooShortOrOneUnitGivesNoEstimate() {
        let key = HostKey(stack: "s", distance: 10)
        #expect(ChurnRateEstimate.estimate(syns: [SynSample(time: 0, tsVal: nil, host: key), SynSample(time: 60, tsVal: nil, host: key)],
                                           messagesPerAddress: [2]) == nil)
        #expect(ChurnRateEstimate.estimate(syns: [SynSample(time: 0, tsVal: nil, host: key), SynSample(time: 86400, tsVal: nil, host: key)],
                                           messagesPerAddress: [2]) == nil)
    }

    @Test func theCensusSaysV2WhenNoClocksLinkHosts() {
        let w = Self.world(hosts: 120, days: 10, burstsPerDay: 1, stayHours: 24, seed: 5)
        let a = Attributor()
        let verdicts = w.messagesPerAddress.indices.map { i -> Verdict in
            var ev = Make.address([Make.syn(Make.windows, .windows)], [], messages: max(1, w.messagesPerAddress[i]))
            ev.ip = IPAddress("198.18.\(i / 256).\(i % 256)")!
            return a.verdict(for: ev)
        }
        let c = CensusEstimator(replicates: 100).estimate(verdicts, syns: w.syns)
        #expect(c.method.hasPrefix("v2:"), "\(c.method)")
        #expect(c.estimate.hostsLow <= 120 && 120 <= c.estimate.hostsHigh, "\(c.estimate)")
        #expect(c.estimate.hosts < c.footprint!.senderUnits / 2, "churn gave each host several units")
    }
}
