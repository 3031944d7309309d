/// A trap's classic libpcap capture of the SYNs its p0f logged (`trap-N.syn.pcap`): little-endian,
/// microsecond timestamps, LINKTYPE_RAW (101, the packet starts at the IPv4 header; no link layer to
/// invent). Each SYN is stamped inside the connect second that the Postfix and p0f lines carry, at a
/// sub-second offset drawn per connection, so the import joins it to the same connection and p0f's
/// whole-second time of it is unchanged. Records of one second are written in time order.
final class SynPcapWriter {
    let out: ByteOutput
    let trapIP: UInt32
    private let templates: [SynTemplate]
    private var second = Int.min
    /// The current second's packets: (microseconds, arrival order, bytes range in `scratch`).
    private var pending: [(micros: UInt32, order: Int, start: Int, end: Int)] = []
    private var scratch: [UInt8] = []

    init(path: String, trapIP: UInt32) throws {
        out = try ByteOutput(path: path)
        self.trapIP = trapIP
        templates = Stacks.all.map(SynTemplate.init)
        // magic (LE, µs), version 2.4, thiszone 0, sigfigs 0, snaplen 65535, LINKTYPE_RAW
        out.bytes([0xD4, 0xC3, 0xB2, 0xA1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0, 0, 101, 0, 0, 0])
    }

    /// One connection's SYN, sent at `m.time + micros/1e6`.
    func write(_ m: Message, micros: UInt32, ipID: UInt16, seq: UInt32, tsVal: UInt32?) {
        if m.time != second { drain(); second = m.time }
        let stack = Stacks.all[Int(m.stack)]
        let start = scratch.count
        templates[Int(m.stack)].write(into: &scratch, src: m.address, dst: trapIP, sport: m.sourcePort,
                                      ttl: UInt8(stack.initialTTL - min(63, Int(m.distance))), ipID: ipID, seq: seq, tsVal: tsVal)
        pending.append((micros, pending.count, start, scratch.count))
    }

    private func drain() {
        guard !pending.isEmpty else { return }
        pending.sort { ($0.micros, $0.order) < ($1.micros, $1.order) }
        for p in pending {
            let length = UInt32(p.end - p.start)
            var header: [UInt8] = []
            header.reserveCapacity(16)
            for v in [UInt32(truncatingIfNeeded: second), p.micros, length, length] {
                header += [UInt8(v & 255), UInt8(v >> 8 & 255), UInt8(v >> 16 & 255), UInt8(v >> 24)]
            }
            out.bytes(header)
            out.bytes(Array(scratch[p.start..<p.end]))
            out.endRecord()
        }
        pending.removeAll(keepingCapacity: true)
        scratch.removeAll(keepingCapacity: true)
    }

    func close() throws {
        drain()
        try out.close()
    }
}
