/// One SYN of a spam connection, reduced to what clock and counter reasoning reads: when it came, its TCP
/// timestamp and IPv4 ID, which stack sent it, which trap took it and from which address. Host splitting
/// reads one address's samples; the census linker reads every address's.
public struct SynSample: Sendable, Equatable {
    /// Capture time, seconds (fractions kept: a 1000 Hz clock moves 1000 ticks a second).
    public var time: Double
    public var tsVal: UInt32?
    public var ipID: Int?
    public var host: HostKey
    /// The trap (destination address); empty when unknown, and then all SYNs count as one trap. Linux 4.10+
    /// offsets its TCP clock per (source, destination) pair, so one host draws one clock line per trap.
    public var trap: String
    /// The sending address, as an index into the caller's list (0 when all samples are one address's).
    public var address: Int

    public init(time: Double, tsVal: UInt32?, ipID: Int? = nil, host: HostKey, trap: String = "", address: Int = 0) {
        self.time = time; self.tsVal = tsVal; self.ipID = ipID; self.host = host; self.trap = trap; self.address = address
    }

    /// The sample of a sender SYN; `address` indexes the caller's evidence list.
    public init(_ syn: AddressEvidence.SenderSyn, address: Int = 0) {
        self.init(time: syn.time, tsVal: syn.tsVal, ipID: syn.ipID, host: syn.host, trap: syn.trap ?? "", address: address)
    }
}

/// A sample that carries a TCP timestamp: clock code works on these, so the timestamp it reads is known to be
/// there. `index` is the sample's place among those the caller gave.
struct TimedSample: Sendable {
    var index: Int
    var time: Double
    var tsVal: UInt32
    var address: Int
    var trap: String

    /// The timed samples among `indices` of `samples`, in the order given.
    static func of(_ indices: some Sequence<Int>, in samples: [SynSample]) -> [TimedSample] {
        indices.compactMap { i in
            let s = samples[i]
            return s.tsVal.map { TimedSample(index: i, time: s.time, tsVal: $0, address: s.address, trap: s.trap) }
        }
    }
}
