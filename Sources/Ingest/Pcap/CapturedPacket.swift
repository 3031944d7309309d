import BotCensusCore

/// A capture timestamp, kept to the nanosecond (a Double of seconds since 1970 would lose the last digits).
public struct PacketTime: Sendable, Hashable, Comparable {
    public var seconds: Int64
    public var nanoseconds: Int64   // 0 ..< 1_000_000_000

    public init(seconds: Int64, nanoseconds: Int64) {
        self.seconds = seconds + nanoseconds / 1_000_000_000
        self.nanoseconds = nanoseconds % 1_000_000_000
        if self.nanoseconds < 0 { self.seconds -= 1; self.nanoseconds += 1_000_000_000 }
    }

    public var timestamp: Timestamp { Double(seconds) + Double(nanoseconds) / 1e9 }

    public static func < (a: PacketTime, b: PacketTime) -> Bool { (a.seconds, a.nanoseconds) < (b.seconds, b.nanoseconds) }
}

/// A LINKTYPE_ value of the pcap and pcapng formats: what the bytes of each packet start with.
public struct LinkType: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let null = LinkType(rawValue: 0)          // BSD loopback: address family, host byte order
    public static let ethernet = LinkType(rawValue: 1)
    public static let raw = LinkType(rawValue: 101)         // IPv4 or IPv6, no link header
    public static let loop = LinkType(rawValue: 108)        // OpenBSD loopback: address family, network order
    public static let linuxSLL = LinkType(rawValue: 113)
    public static let ipv4 = LinkType(rawValue: 228)
    public static let ipv6 = LinkType(rawValue: 229)
    public static let linuxSLL2 = LinkType(rawValue: 276)

    public var description: String {
        switch self {
        case .null: return "null"
        case .ethernet: return "ethernet"
        case .raw: return "raw"
        case .loop: return "loop"
        case .linuxSLL: return "linux-sll"
        case .ipv4: return "ipv4"
        case .ipv6: return "ipv6"
        case .linuxSLL2: return "linux-sll2"
        default: return "linktype-\(rawValue)"
        }
    }
}

/// One packet record of a capture file.
public struct CapturedPacket: Sendable {
    /// 1-based position among the file's packet records (what Wireshark calls the frame number).
    public var number: Int
    public var time: PacketTime
    public var linkType: LinkType
    /// pcapng interface id; 0 for classic pcap.
    public var interface: Int
    /// Length on the wire; `bytes` may be shorter when the capture's snap length cut it.
    public var originalLength: Int
    public var bytes: [UInt8]

    public init(number: Int, time: PacketTime, linkType: LinkType, interface: Int = 0, originalLength: Int, bytes: [UInt8]) {
        self.number = number; self.time = time; self.linkType = linkType; self.interface = interface
        self.originalLength = originalLength; self.bytes = bytes
    }
}

/// A problem in a capture file, said as `FILE: packet N: reason` (or `FILE: reason` outside any packet).
/// Thrown when reading cannot go on; handed to a warning handler when it can.
public struct CaptureIssue: Error, Sendable, CustomStringConvertible, Equatable {
    public var file: String
    public var packet: Int?
    public var reason: String

    public init(file: String, packet: Int?, reason: String) {
        self.file = file; self.packet = packet; self.reason = reason
    }

    public var description: String {
        if let packet { return "\(file): packet \(packet): \(reason)" }
        return "\(file): \(reason)"
    }
}

/// A stream of packet records, read one at a time so memory stays bounded whatever the file size.
public protocol PacketSource: AnyObject {
    var path: String { get }
    /// The next packet record, or nil after the last. Throws `CaptureIssue` when the file is damaged in a way
    /// that cannot be read past (a bad block length); a file merely cut short ends with a warning instead.
    func next() throws -> CapturedPacket?
}
