/// A set of TCP ports as a 65,536-bit map: asked once per TCP packet of a capture, where a hashed `Set`
/// lookup would cost more than the rest of the packet's triage.
struct PortSet {
    private var bits = [UInt64](repeating: 0, count: 1024)

    init<S: Sequence>(_ ports: S) where S.Element == Int {
        for p in ports where (0...65535).contains(p) { bits[p >> 6] |= 1 << UInt64(p & 63) }
    }

    @inline(__always) func contains(_ port: Int) -> Bool {
        bits[(port >> 6) & 1023] & (1 << UInt64(port & 63)) != 0
    }
}
