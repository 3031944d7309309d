/// p0f v3's notation for an observed SYN (`raw_sig`), computed from the packet alone, without p0f.fp: the
/// capture importer writes it for every SYN, and the p0f matcher prints the same string, so a signature
/// from a pcap and one from a p0f log of the same packet are equal.
public enum P0fNotation {
    /// At most this many TCP options are read (p0f's MAX_TCP_OPT).
    public static let maxOptions = 24
    /// Beyond this many hops p0f stops believing its TTL guess and writes `+?` (its MAX_DIST).
    public static let maxDistance = 35

    /// p0f's guess when no signature tells the initial TTL: the next of 32, 64, 128, 255.
    public static func guessDistance(_ ttl: Int) -> Int {
        if ttl <= 32 { return 32 - ttl }
        if ttl <= 64 { return 64 - ttl }
        if ttl <= 128 { return 128 - ttl }
        return 255 - ttl
    }

    /// The window as a multiple of the MSS (or of an MTU), tried in p0f's order: the MSS, the MSS less 12
    /// (timestamps), Ethernet MSSes, then MTUs. Stacks size windows that way, not by window scaling.
    /// `ipVersion` nil (a database signature's `*`) tries neither family's extra sizes.
    public static func windowMultiple(window: Int, mss: Int, ts1: UInt32, ipVersion: Int?,
                                      totalHeaderLength: Int) -> (multiplier: Int, mtu: Bool)? {
        guard window != 0, mss >= 100 else { return nil }
        let v6 = ipVersion == 6
        // Each divisor is at least 88 (mss >= 100), so none divides by zero.
        if window % mss == 0 { return (window / mss, false) }
        if ts1 != 0, window % (mss - 12) == 0 { return (window / (mss - 12), false) }
        for divisor in [1460, 1448] where window % divisor == 0 { return (window / divisor, false) }
        if v6 { for divisor in [1440, 1428] where window % divisor == 0 { return (window / divisor, false) } }
        if window % (mss + 40) == 0 { return (window / (mss + 40), true) }
        if window % (mss + totalHeaderLength) == 0 {
            return (window / (mss + totalHeaderLength), true)
        }
        if v6, window % (mss + 60) == 0 { return (window / (mss + 60), true) }
        if window % 1500 == 0 { return (window / 1500, true) }
        return nil
    }
}

extension P0fObservedSyn {
    /// The observed signature in p0f's notation: `ver:TTL+DIST:olen:mss:wsize,scale:olayout:quirks:pclass`,
    /// where DIST is p0f's guess from the TTL alone (`?` beyond 35 hops), whatever signature matched.
    public var rawSignature: String {
        let guess = P0fNotation.guessDistance(ttl)
        var s = "\(ipVersion):\(ttl)+\(guess > P0fNotation.maxDistance ? "?" : String(guess)):\(ipOptionsLength):\(mss):"
        if let multiple = P0fNotation.windowMultiple(window: window, mss: mss, ts1: ts1, ipVersion: ipVersion,
                                                    totalHeaderLength: totalHeaderLength) {
            s += "\(multiple.mtu ? "mtu" : "mss")*\(multiple.multiplier)"
        } else {
            s += "\(window)"
        }
        s += ",\(windowScale):"
        s += optionLayout.map { kind -> String in
            switch kind {
            case 0: return "eol+\(eolPadding)"
            case 1: return "nop"
            case 2: return "mss"
            case 3: return "ws"
            case 4: return "sok"
            case 5: return "sack"
            case 8: return "ts"
            default: return "?\(kind)"
            }
        }.joined(separator: ",")
        s += ":" + quirks.text + ":" + (payloadLength > 0 ? "+" : "0")
        return s
    }

    /// p0f's hop distance when no signature says otherwise (what `dist=` shows for an unlabelled SYN).
    public var guessedDistance: Int { P0fNotation.guessDistance(ttl) }
}
