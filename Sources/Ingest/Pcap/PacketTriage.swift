import BotCensusCore

/// Where a TCP packet's headers are and what they say, read in place from the capture buffer: enough to
/// decide whether the packet matters (a SYN to a mail port, a packet of a followed connection) before
/// anything is copied or fully decoded.
struct TCPPacketFacts {
    var ipOffset: Int
    var tcpOffset: Int
    var tcpHeaderLength: Int
    var source: IPAddress
    var destination: IPAddress
    var sourcePort: Int
    var destinationPort: Int
    var flags: UInt8

    /// A connection-opening SYN: SYN without ACK, FIN or RST (as `TCPHeader.isSYN`).
    var isSYN: Bool { flags & (TCPHeader.syn | TCPHeader.ack | TCPHeader.fin | TCPHeader.rst) == TCPHeader.syn }
}

/// What one captured packet is, decided without allocating for the common cases.
enum PacketTriage {
    case tcp(TCPPacketFacts)
    /// Valid, with nothing to read: not IP, not TCP, a fragment.
    case skipped
    case malformed(String)
    /// A link type the readers do not decode.
    case unsupportedLink

    static func of(_ bytes: UnsafeRawBufferPointer, linkType: LinkType) -> PacketTriage {
        switch LinkLayer.locateIP(bytes, linkType: linkType) {
        case .ip(let offset): return ip(bytes, at: offset)
        case .notIP: return .skipped
        case .malformed(let reason): return .malformed(reason)
        case .unsupported: return .unsupportedLink
        }
    }

    /// Plain IPv4 and IPv6 (no extension headers) are read here with exactly the checks `TCPSegment.decode`
    /// makes; anything else — damage, extension headers, an odd version — goes through that decoder, so the
    /// decision and the reason for a bad packet come from one place.
    static func ip(_ b: UnsafeRawBufferPointer, at o: Int) -> PacketTriage {
        let available = b.count - o
        guard available >= 20 else { return decoded(b, at: o) }
        let headerLength: Int, total: Int, source: IPAddress, destination: IPAddress
        switch b[o] >> 4 {
        case 4:
            headerLength = Int(b[o] & 0x0F) * 4
            guard headerLength >= 20, headerLength <= available else { return decoded(b, at: o) }
            let stated = Int(be16(b, o + 2))
            total = stated == 0 ? available : stated       // TSO captures say 0: take what was captured
            guard total >= headerLength else { return decoded(b, at: o) }
            if be16(b, o + 6) & 0x3FFF != 0 { return .skipped }     // more fragments, or an offset: a fragment
            guard b[o + 9] == 6 else { return .skipped }
            source = IPAddress(v4: be32(b, o + 12))
            destination = IPAddress(v4: be32(b, o + 16))
        case 6:
            guard available >= 40 else { return decoded(b, at: o) }
            let next = b[o + 6]
            guard next == 6 else {
                // Extension headers (hop-by-hop, routing, fragment, …) are walked by the full decoder.
                switch next {
                case 0, 43, 44, 51, 60, 135, 139, 140: return decoded(b, at: o)
                default: return .skipped
                }
            }
            headerLength = 40
            total = 40 + Int(be16(b, o + 4))
            source = IPAddress(v6High: be64(b, o + 8), v6Low: be64(b, o + 16))
            destination = IPAddress(v6High: be64(b, o + 24), v6Low: be64(b, o + 32))
        default:
            return decoded(b, at: o)
        }
        let t = o + headerLength
        let segmentLength = total - headerLength
        let tcpAvailable = min(b.count - t, segmentLength)
        guard tcpAvailable >= 20 else { return decoded(b, at: o) }
        let tcpHeaderLength = Int(b[t + 12] >> 4) * 4
        guard tcpHeaderLength >= 20, tcpHeaderLength <= segmentLength, tcpHeaderLength <= tcpAvailable else {
            return decoded(b, at: o)
        }
        return .tcp(TCPPacketFacts(ipOffset: o, tcpOffset: t, tcpHeaderLength: tcpHeaderLength, source: source,
                                   destination: destination, sourcePort: Int(be16(b, t)),
                                   destinationPort: Int(be16(b, t + 2)), flags: b[t + 13]))
    }

    /// The full decoder's answer (copies the packet: only for the unusual ones).
    private static func decoded(_ b: UnsafeRawBufferPointer, at o: Int) -> PacketTriage {
        do {
            let s = try TCPSegment.decode(Array(b), at: o)
            return .tcp(TCPPacketFacts(ipOffset: o, tcpOffset: o + s.ip.headerLength, tcpHeaderLength: s.tcp.headerLength,
                                       source: s.ip.source, destination: s.ip.destination, sourcePort: s.tcp.sourcePort,
                                       destinationPort: s.tcp.destinationPort, flags: s.tcp.flags))
        } catch {
            switch error {
            case .notTCP: return .skipped
            case .malformed(let reason): return .malformed(reason)
            }
        }
    }

    /// The TCP timestamp option's value, found as `TCPHeader.timestamp` finds it (the last well-formed one
    /// before the end-of-list option or an option whose length is wrong), without parsing into arrays.
    static func timestampValue(_ b: UnsafeRawBufferPointer, _ f: TCPPacketFacts) -> UInt32? {
        var i = f.tcpOffset + 20
        let end = f.tcpOffset + f.tcpHeaderLength
        var found: UInt32?
        while i < end {
            let kind = b[i]
            if kind == 0 { break }
            if kind == 1 { i += 1; continue }
            guard i + 1 < end else { break }
            let length = Int(b[i + 1])
            guard length >= 2, i + length <= end else { break }
            if kind == 8 && length == 10 { found = be32(b, i + 2) }
            i += length
        }
        return found
    }

    @inline(__always) static func be16(_ b: UnsafeRawBufferPointer, _ i: Int) -> UInt16 {
        UInt16(bigEndian: b.loadUnaligned(fromByteOffset: i, as: UInt16.self))
    }

    @inline(__always) static func be32(_ b: UnsafeRawBufferPointer, _ i: Int) -> UInt32 {
        UInt32(bigEndian: b.loadUnaligned(fromByteOffset: i, as: UInt32.self))
    }

    @inline(__always) static func be64(_ b: UnsafeRawBufferPointer, _ i: Int) -> UInt64 {
        UInt64(bigEndian: b.loadUnaligned(fromByteOffset: i, as: UInt64.self))
    }
}
