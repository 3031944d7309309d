import BotCensusCore

/// A decoded TCP packet with where and when it was captured.
public struct CapturedSegment: Sendable {
    public var packet: Int
    public var time: PacketTime
    public var linkType: LinkType
    public var segment: TCPSegment
}

/// Reads a packet source and yields the connection-opening SYNs, decoded. Packets of other protocols are
/// counted and passed over; damaged ones are counted and reported as `FILE: packet N: reason`.
public final class SynExtractor {
    public struct Counts: Sendable, Equatable {
        public var packets = 0
        public var tcp = 0
        public var syns = 0
        /// Valid packets with nothing to fingerprint: ARP, UDP, fragments, unsupported link types.
        public var skipped = 0
        public var malformed = 0

        public init(packets: Int = 0, tcp: Int = 0, syns: Int = 0, skipped: Int = 0, malformed: Int = 0) {
            self.packets = packets; self.tcp = tcp; self.syns = syns; self.skipped = skipped; self.malformed = malformed
        }
    }

    public private(set) var counts = Counts()
    private let source: any PacketSource
    private let views: (any PacketViewSource)?
    private let warn: (CaptureIssue) -> Void
    private var warnedLinkTypes: Set<LinkType> = []

    public init(source: any PacketSource, warn: @escaping (CaptureIssue) -> Void) {
        self.source = source
        self.views = source as? any PacketViewSource
        self.warn = warn
    }

    /// Opens `path` (pcap or pcapng) and extracts from it; file-level problems go to `warn` too.
    public convenience init(path: String, warn: @escaping (CaptureIssue) -> Void) throws {
        self.init(source: try CaptureFile.openViews(path, hashing: false, warn: warn), warn: warn)
    }

    public func next() throws -> CapturedSegment? {
        guard let views else { return try nextCopied() }
        // Packets are looked at in place; only SYNs are copied and fully decoded.
        while let view = try views.nextView() {
            counts.packets += 1
            let facts: TCPPacketFacts
            switch PacketTriage.of(view.bytes, linkType: view.linkType) {
            case .tcp(let f): facts = f
            case .skipped: counts.skipped += 1; continue
            case .malformed(let reason): malformed(view.number, view.bytes.count, view.originalLength, reason); continue
            case .unsupportedLink: unsupported(view.number, view.linkType); continue
            }
            counts.tcp += 1
            guard facts.isSYN, let segment = try? TCPSegment.decode(Array(view.bytes), at: facts.ipOffset) else { continue }
            counts.syns += 1
            return CapturedSegment(packet: view.number, time: view.time, linkType: view.linkType, segment: segment)
        }
        return nil
    }

    /// Any other packet source: packets arrive as copies and are decoded whole.
    private func nextCopied() throws -> CapturedSegment? {
        while let packet = try source.next() {
            counts.packets += 1
            guard let segment = decode(packet) else { continue }
            counts.tcp += 1
            guard segment.tcp.isSYN else { continue }
            counts.syns += 1
            return CapturedSegment(packet: packet.number, time: packet.time, linkType: packet.linkType, segment: segment)
        }
        return nil
    }

    private func decode(_ packet: CapturedPacket) -> TCPSegment? {
        switch LinkLayer.locateIP(packet.bytes, linkType: packet.linkType) {
        case .ip(let offset):
            do {
                return try TCPSegment.decode(packet.bytes, at: offset)
            } catch {
                switch error {
                case .notTCP: counts.skipped += 1
                case .malformed(let reason): malformed(packet.number, packet.bytes.count, packet.originalLength, reason)
                }
            }
        case .notIP:
            counts.skipped += 1
        case .malformed(let reason):
            malformed(packet.number, packet.bytes.count, packet.originalLength, reason)
        case .unsupported:
            unsupported(packet.number, packet.linkType)
        }
        return nil
    }

    private func unsupported(_ number: Int, _ linkType: LinkType) {
        counts.skipped += 1
        if warnedLinkTypes.insert(linkType).inserted {
            warn(CaptureIssue(file: source.path, packet: number,
                              reason: "link type \(linkType.rawValue) is not supported; its packets are skipped"))
        }
    }

    private func malformed(_ number: Int, _ captured: Int, _ original: Int, _ reason: String) {
        counts.malformed += 1
        var why = reason
        if captured < original { why += " (captured \(captured) of \(original) bytes)" }
        warn(CaptureIssue(file: source.path, packet: number, reason: why + "; skipped"))
    }
}
