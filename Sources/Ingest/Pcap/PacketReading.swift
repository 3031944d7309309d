import BotCensusCore

/// The per-packet work of a capture import: triage in place, SYN records, clock samples.
struct PacketReading {
    let path: String
    let ports: PortSet
    let labeler: SynLabeler?
    var connections = MailConnections()
    var signatures = SynSignatureCache()
    /// Valid packets that gave nothing (other traffic, retransmitted SYNs without a timestamp…).
    private(set) var ignored = 0
    private var warnedLinkTypes: Set<LinkType> = []

    init(path: String, ports: PortSet, labeler: SynLabeler?) {
        self.path = path
        self.ports = ports
        self.labeler = labeler
    }

    /// Reads one packet; returns how many records it gave.
    mutating func read(_ view: PacketView, emit: (Evidence) throws -> Void, bad: (BadPlace, String) throws -> Void) throws -> Int {
        switch PacketTriage.of(view.bytes, linkType: view.linkType) {
        case .tcp(let facts):
            // Only packets towards a mail port can be the client side of a mail connection.
            guard ports.contains(facts.destinationPort) else { ignored += 1; return 0 }
            let produced = try tcp(view, facts, emit: emit, bad: bad)
            if produced == 0 { ignored += 1 }
            return produced
        case .skipped:
            ignored += 1
        case .malformed(let reason):
            var why = reason
            if view.bytes.count < view.originalLength { why += " (captured \(view.bytes.count) of \(view.originalLength) bytes)" }
            try bad(.unit("packet \(view.number)"), why + "; skipped")
        case .unsupportedLink:
            ignored += 1
            if warnedLinkTypes.insert(view.linkType).inserted {
                try bad(.unit("packet \(view.number)"), "link type \(view.linkType.rawValue) is not supported; its packets are skipped")
            }
        }
        return 0
    }

    private mutating func tcp(_ view: PacketView, _ facts: TCPPacketFacts, emit: (Evidence) throws -> Void,
                              bad: (BadPlace, String) throws -> Void) throws -> Int {
        let time = view.time.timestamp
        var produced = 0
        let tsVal: UInt32?
        if facts.isSYN {
            // The triage made the full decoder's checks, so this cannot fail; if it did, say so.
            guard let segment = try? TCPSegment.decode(Array(view.bytes), at: facts.ipOffset) else {
                try bad(.unit("packet \(view.number)"), "TCP SYN cannot be decoded; skipped")
                return 0
            }
            tsVal = segment.tcp.timestamp?.value
            if connections.opening(facts, sequence: segment.tcp.sequence, at: time) {
                let observed = P0fObservedSyn(segment)
                let signature: TCPSignature
                do {
                    signature = try signatures.signature(of: observed)
                } catch {
                    try bad(.unit("packet \(view.number)"), "SYN signature \(observed.rawSignature) cannot be read (\(error)); skipped")
                    return 0
                }
                var record = SynRecord(src: facts.source, sport: facts.sourcePort, dst: facts.destination,
                                       dport: facts.destinationPort, time: time, osLabel: nil,
                                       distance: observed.guessedDistance, params: nil, signature: signature,
                                       ipID: segment.ip.version == 4 ? Int(segment.ip.identification) : nil,
                                       tsVal: tsVal, source: SourceRef(file: path, line: view.number))
                if let labeler {
                    let label = labeler.label(segment)
                    record.osLabel = label.osLabel
                    record.distance = label.distance
                    record.params = label.params
                }
                try emit(.syn(record))
                produced += 1
            }
        } else {
            guard connections.follows(facts, at: time) else { return 0 }
            tsVal = PacketTriage.timestampValue(view.bytes, facts)
        }
        if let tsVal {
            try emit(.clock(TCPClockSample(src: facts.source, sport: facts.sourcePort, dst: facts.destination,
                                           dport: facts.destinationPort, time: time, tsVal: tsVal,
                                           source: SourceRef(file: path, line: view.number))))
            produced += 1
        }
        return produced
    }
}
