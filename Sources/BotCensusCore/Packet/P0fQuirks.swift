/// p0f v3's quirks: stack habits in the IP and TCP headers of a SYN. The order of `all` is the order p0f
/// prints them in a raw signature.
public struct P0fQuirks: OptionSet, Sendable, Hashable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let df = P0fQuirks(rawValue: 1 << 0)             // don't fragment set
    public static let nonZeroID = P0fQuirks(rawValue: 1 << 1)      // id+: DF set and IP ID not zero
    public static let zeroID = P0fQuirks(rawValue: 1 << 2)         // id-: DF clear and IP ID zero
    public static let ecn = P0fQuirks(rawValue: 1 << 3)            // ECN in IP or TCP
    public static let nonZeroMBZ = P0fQuirks(rawValue: 1 << 4)     // 0+: the must-be-zero IP flag set
    public static let flow = P0fQuirks(rawValue: 1 << 5)           // IPv6 flow label set
    public static let zeroSeq = P0fQuirks(rawValue: 1 << 6)        // seq-
    public static let nonZeroAck = P0fQuirks(rawValue: 1 << 7)     // ack+ without the ACK flag
    public static let zeroAck = P0fQuirks(rawValue: 1 << 8)        // ack- with the ACK flag
    public static let nonZeroUrg = P0fQuirks(rawValue: 1 << 9)     // uptr+ without the URG flag
    public static let urg = P0fQuirks(rawValue: 1 << 10)           // urgf+
    public static let push = P0fQuirks(rawValue: 1 << 11)          // pushf+
    public static let zeroTS1 = P0fQuirks(rawValue: 1 << 12)       // ts1-: own timestamp zero
    public static let nonZeroTS2 = P0fQuirks(rawValue: 1 << 13)    // ts2+: peer timestamp set on a SYN
    public static let eolNonZero = P0fQuirks(rawValue: 1 << 14)    // opt+: non-zero bytes after EOL
    public static let excessiveWS = P0fQuirks(rawValue: 1 << 15)   // exws: window scale above 14
    public static let badOptions = P0fQuirks(rawValue: 1 << 16)    // bad: options that do not parse

    /// Every quirk with its p0f name, in p0f's printing order.
    public static let all: [(quirk: P0fQuirks, name: String)] = [
        (.df, "df"), (.nonZeroID, "id+"), (.zeroID, "id-"), (.ecn, "ecn"), (.nonZeroMBZ, "0+"), (.flow, "flow"),
        (.zeroSeq, "seq-"), (.nonZeroAck, "ack+"), (.zeroAck, "ack-"), (.nonZeroUrg, "uptr+"), (.urg, "urgf+"),
        (.push, "pushf+"), (.zeroTS1, "ts1-"), (.nonZeroTS2, "ts2+"), (.eolNonZero, "opt+"), (.excessiveWS, "exws"),
        (.badOptions, "bad"),
    ]

    /// Quirks that only IPv4 has, and the one only IPv6 has.
    public static let ipv4Only: P0fQuirks = [.df, .nonZeroID, .zeroID, .nonZeroMBZ]
    public static let ipv6Only: P0fQuirks = [.flow]

    public init?(name: String) {
        guard let entry = Self.all.first(where: { $0.name == name }) else { return nil }
        self = entry.quirk
    }

    /// Comma-separated names as p0f prints them (empty when none).
    public var text: String {
        Self.all.filter { contains($0.quirk) }.map(\.name).joined(separator: ",")
    }
}
