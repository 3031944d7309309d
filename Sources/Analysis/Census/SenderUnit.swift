import BotCensusCore

/// A sender unit: an address with one sender stack and hop distance, and the times and traps of its SYNs.
/// The census counts hosts from units (the footprint, the traps' capture histories, v2's bursts), so a case
/// keeps these per address rather than every SYN (`AddressEvidence.ThinnedSyns`).
public struct SenderUnit: Sendable, Equatable {
    /// The sending address, as an index into the caller's list.
    public var address: Int
    public var host: HostKey
    /// Its SYNs' capture times, sorted.
    public var times: [Double]
    /// The traps its SYNs went to, in the order first seen (empty name: unknown).
    public var traps: [String]

    public init(address: Int, host: HostKey, times: [Double], traps: [String]) {
        self.address = address; self.host = host; self.times = times; self.traps = traps
    }

    /// The units of one address's SYNs, in the order their first SYN comes.
    public static func units(of syns: [AddressEvidence.SenderSyn], address: Int = 0) -> [SenderUnit] {
        units(of: syns.map { SynSample($0, address: address) })
    }

    /// The units of `samples`, in the order their first sample comes; a unit is (address, host).
    public static func units(of samples: [SynSample]) -> [SenderUnit] {
        guard let first = samples.first else { return [] }
        // Most addresses have one sender stack and one trap: said without a dictionary.
        if samples.allSatisfy({ $0.address == first.address && $0.host == first.host && $0.trap == first.trap }) {
            return [SenderUnit(address: first.address, host: first.host, times: samples.map(\.time).sorted(), traps: [first.trap])]
        }
        struct Key: Hashable { var address: Int; var host: HostKey }
        var ids: [Key: Int] = [:]
        var out: [SenderUnit] = []
        for s in samples {
            let key = Key(address: s.address, host: s.host)
            if let id = ids[key] {
                out[id].times.append(s.time)
                if !out[id].traps.contains(s.trap) { out[id].traps.append(s.trap) }
            } else {
                ids[key] = out.count
                out.append(SenderUnit(address: s.address, host: s.host, times: [s.time], traps: [s.trap]))
            }
        }
        for i in out.indices { out[i].times.sort() }
        return out
    }
}

/// What the census reads of a case's spam SYNs: the ones with TCP timestamps one by one (clock lines), the
/// sender units, and how many SYNs there are.
public struct CensusSyns: Sendable {
    /// SYNs with a TCP timestamp, in address order and their own order within an address.
    public var timed: [SynSample]
    /// Sender units in the order their first SYN comes.
    public var units: [SenderUnit]
    /// All spam SYNs.
    public var total: Int

    public init(timed: [SynSample], units: [SenderUnit], total: Int) {
        self.timed = timed; self.units = units; self.total = total
    }

    /// From every SYN.
    public init(_ samples: [SynSample]) {
        self.init(timed: samples.filter { $0.tsVal != nil }, units: SenderUnit.units(of: samples), total: samples.count)
    }

    public var isEmpty: Bool { total == 0 }
}
