/// The identity of a spam event as one 64-bit number: the event's second in the high 32 bits, and FNV-1a over
/// (ip, time, kind, queue id, session, ordinal) folded to 32 bits in the low ones. Logs run forward in time,
/// so new keys land at the right edge of the unique index (appends, not random seeks), and the key is stable
/// across runs and machines (the same line of a rotated log gives the same key in every import). Two events of
/// one second may share a key (about one pair in 8·10^9 per second at a hundred events a second): the
/// importer compares the row already under the key and, when it is another event, probes the next key.
struct EventKey: Equatable {
    private(set) var value: Int64

    init(ip: String, time: Double, kind: String, queue: String, session: String, ordinal: Int) {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        func byte(_ b: UInt8) { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        func text(_ t: String) { for b in t.utf8 { byte(b) }; byte(0xFF) }   // 0xFF never occurs in UTF-8
        func word(_ w: UInt64) { for i in 0..<8 { byte(UInt8(truncatingIfNeeded: w >> (8 * UInt64(i)))) } }
        text(ip); word(time.bitPattern); text(kind); text(queue); text(session); word(UInt64(bitPattern: Int64(ordinal)))
        let second = UInt64(max(0, min(Double(UInt32.max), time.rounded(.down))))
        value = Int64(bitPattern: second << 32 | (h ^ h >> 32) & 0xFFFF_FFFF)
    }

    /// The next key to try after a collision.
    mutating func probe() { value = value &+ 1 }
}
