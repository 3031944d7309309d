/// Where the IP header starts in a packet of each link type, or why there is none.
public enum LinkLayer {
    public enum Location: Equatable, Sendable {
        /// The IP header starts at this byte offset.
        case ip(offset: Int)
        /// A valid frame of another protocol (ARP, LLC, an unknown EtherType).
        case notIP(String)
        /// The link header itself is cut short.
        case malformed(String)
        /// A link type this reader does not decode.
        case unsupported
    }

    public static let supported: [LinkType] = [.null, .ethernet, .raw, .loop, .linuxSLL, .ipv4, .ipv6, .linuxSLL2]

    public static func locateIP(_ bytes: [UInt8], linkType: LinkType) -> Location {
        bytes.withUnsafeBytes { locateIP($0, linkType: linkType) }
    }

    /// The same over a view into the reader's buffer (the import path, which copies no packet it skips).
    static func locateIP(_ bytes: UnsafeRawBufferPointer, linkType: LinkType) -> Location {
        switch linkType {
        case .raw, .ipv4, .ipv6:
            return .ip(offset: 0)
        case .ethernet:
            guard bytes.count >= 14 else { return .malformed("Ethernet header cut short (\(bytes.count) of 14 bytes)") }
            return etherType(bytes, at: 12)
        case .linuxSLL:
            guard bytes.count >= 16 else { return .malformed("Linux cooked header cut short (\(bytes.count) of 16 bytes)") }
            return etherType(bytes, at: 14)
        case .linuxSLL2:
            guard bytes.count >= 20 else { return .malformed("Linux cooked v2 header cut short (\(bytes.count) of 20 bytes)") }
            return etherType(bytes, at: 0, payloadAt: 20)
        case .null, .loop:
            guard bytes.count >= 4 else { return .malformed("loopback header cut short (\(bytes.count) of 4 bytes)") }
            // NULL writes the family in the capturing host's byte order; LOOP in network order. The value is
            // small, so whichever reading is below 256 is the right one.
            let little = UInt32(bytes[3]) << 24 | UInt32(bytes[2]) << 16 | UInt32(bytes[1]) << 8 | UInt32(bytes[0])
            let big = UInt32(bytes[0]) << 24 | UInt32(bytes[1]) << 16 | UInt32(bytes[2]) << 8 | UInt32(bytes[3])
            let family = little < 256 ? little : big
            switch family {
            case 2: return .ip(offset: 4)                 // AF_INET everywhere
            case 10, 24, 28, 30: return .ip(offset: 4)    // AF_INET6: Linux, NetBSD/OpenBSD, FreeBSD, Darwin
            default: return .notIP("loopback address family \(family)")
            }
        default:
            return .unsupported
        }
    }

    /// Follows 802.1Q / 802.1ad tags from the EtherType field at `at` to the network protocol.
    private static func etherType(_ bytes: UnsafeRawBufferPointer, at: Int, payloadAt: Int? = nil) -> Location {
        var field = at
        var payload = payloadAt ?? at + 2
        while true {
            guard field + 2 <= bytes.count else { return .malformed("VLAN tag cut short") }
            let type = UInt16(bytes[field]) << 8 | UInt16(bytes[field + 1])
            switch type {
            case 0x0800, 0x86DD: return .ip(offset: payload)
            case 0x8100, 0x88A8, 0x9100:
                // A tag is 4 bytes: TCI, then the EtherType of what follows.
                field = payload + 2
                payload += 4
            default:
                return .notIP(type <= 1500 ? "IEEE 802.3 frame" : "EtherType 0x\(String(type, radix: 16))")
            }
        }
    }
}
