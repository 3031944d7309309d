/// Walks the campaign's connections in time order and gives each its SYN's changing fields: the device's
/// clock (`SynClock`), how many SYNs the device sent before (the IP-ID counter counts them, logged or not),
/// and one random stream per connection (sub-second send time, sequence number, random IP ID or TSval).
/// Every value derives from the seed, the device number and the connection's position: no hash order.
final class SynSender {
    private let seed: UInt64
    private var clocks: [UInt32: SynClock] = [:]
    private var sent: [UInt32: Int] = [:]
    private var lastSend: [UInt32: (second: Int, micros: UInt32)] = [:]

    init(seed: UInt64, start: Double, households: [Household], deviceBase: (Int) -> Int) {
        self.seed = seed
        for h in households {
            for d in h.devices where d.infected {
                let number = deviceBase(h.number) + d.index
                clocks[UInt32(number)] = SynClock(device: d, number: number, seed: seed, start: start)
            }
        }
    }

    /// Connection `number` (its index in the campaign): counted for the device, and its SYN written to
    /// `pcap` when the trap captured it.
    func send(_ m: Message, number: Int, to pcap: SynPcapWriter?) {
        let before = sent[m.device, default: 0]
        sent[m.device] = before + 1
        var rng = SimRandom(seed: seed, stream: 9, index: UInt64(number))
        var micros = UInt32(rng.below(1_000_000))
        // A device's SYNs leave in the order it opened them: a second SYN in the same second goes after the
        // first, so its IP ID (one more SYN counted) and clock never step back.
        if let last = lastSend[m.device], last.second == m.time, micros <= last.micros {
            micros = last.micros + (1_000_000 - last.micros) / 2
        }
        lastSend[m.device] = (m.time, micros)
        guard let pcap, let clock = clocks[m.device] else { return }
        let time = Double(m.time) + Double(micros) / 1e6
        // A zero sequence number would be p0f's `seq-` quirk, which no simulated stack has.
        let seq = UInt32(1 + rng.next() % 0xFFFF_FFFF)
        let ipID = clock.ipID(at: time, connections: before, random: rng.next())
        let tsVal = clock.tsVal(at: time, trap: pcap.trapIP, random: rng.next())
        pcap.write(m, micros: micros, ipID: ipID, seq: seq, tsVal: tsVal)
    }
}
