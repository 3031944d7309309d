import BotCensusCore

/// One spam message as a trap receives it (one SMTP connection per message). Compact: the full thingbot
/// world holds ~750 k of these.
public struct Message: Sendable {
    public var time: Int
    public var address: UInt32
    /// Global device number (`h<number>` in truth.json).
    public var device: UInt32
    public var household: Int32
    public var sourcePort: UInt16
    public var trap: UInt8
    public var stack: UInt8
    public var distance: UInt8
    public var cls: UInt8
    /// The trap's p0f logged this connection's SYN.
    public var p0f: Bool
}

/// The campaign: each infected device sends bursts over the days, each burst through the address its
/// household holds at that moment; traps receive every message (up to the per-address cap).
public enum Campaign {
    static let classes = DeviceClass.allCases

    public static func messages(scenario s: Scenario, seed: UInt64, households: [Household], deviceBase: (Int) -> Int,
                                leases: LeaseBook) -> [Message] {
        var out: [Message] = []
        let trapWeights = s.traps.map { $0.share }
        let start = Int(s.start)
        let end = Int(s.end)
        let c = s.campaign
        for h in households {
            let cgn = leases.pools[h.pool].cgn
            for d in h.devices where d.infected {
                let global = deviceBase(h.number) + d.index
                var rng = SimRandom(seed: seed, stream: 3, index: UInt64(global))
                let stack = UInt8(Stacks.index(of: d.stack))
                let dist = UInt8(min(255, h.distance(of: d, cgn: cgn)))
                let cls = UInt8(classes.firstIndex(of: d.cls)!)
                for day in 0..<s.days {
                    let bursts = rng.poisson(c.burstsPerDay)
                    for _ in 0..<bursts {
                        var t = start + day * 86400 + rng.int(c.activeHours) * 3600 + rng.below(3600)
                        let n = rng.int(c.burstMessages)
                        for _ in 0..<n {
                            let trap = UInt8(rng.weighted(trapWeights))
                            let logged = rng.chance(s.traps[Int(trap)].p0fCoverage)
                            let port = UInt16(rng.int(d.stack.ephemeralPorts))
                            if t < end {
                                out.append(Message(time: t, address: leases.address(household: h, at: Double(t)), device: UInt32(global),
                                                   household: Int32(h.number), sourcePort: port, trap: trap, stack: stack,
                                                   distance: dist, cls: cls, p0f: logged))
                            }
                            t += rng.int(c.burstGapSeconds)
                        }
                    }
                }
            }
        }
        out.sort { a, b in
            if a.time != b.time { return a.time < b.time }
            if a.address != b.address { return a.address < b.address }
            return a.device < b.device
        }
        if c.maxMessagesPerAddress > 0 {
            var seen: [UInt32: Int] = [:]
            out.removeAll { m in
                let n = seen[m.address, default: 0]
                seen[m.address] = n + 1
                return n >= c.maxMessagesPerAddress
            }
        }
        return out
    }
}
