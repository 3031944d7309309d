import BotCensusCore
import Foundation
import Testing
@testable import Ingest

/// The import looks at packets in place through a fast triage; only unusual packets go through the full
/// decoder. The two must never disagree, on real packets and on damaged ones.
@Suite struct TriageTests {
    static let captures = ["eth-le-usec.pcap", "raw-be-nsec.pcap", "sll.pcap", "sll2.pcap", "null.pcap", "ipv4-228.pcap",
                           "ipv6-229.pcap", "two-if-le.pcapng", "be.pcapng", "quirks.pcap", "captured-syns.pcap"]

    /// The full decoder's verdict in the triage's terms.
    func reference(_ bytes: [UInt8], _ linkType: LinkType) -> String {
        switch LinkLayer.locateIP(bytes, linkType: linkType) {
        case .ip(let offset):
            do {
                let s = try TCPSegment.decode(bytes, at: offset)
                return "tcp \(s.ip.source) \(s.tcp.sourcePort) \(s.ip.destination) \(s.tcp.destinationPort) \(s.tcp.flags) \(s.tcp.timestamp.map { "\($0.value)" } ?? "-")"
            } catch {
                switch error {
                case .notTCP: return "skipped"
                case .malformed(let r): return "malformed \(r)"
                }
            }
        case .notIP: return "skipped"
        case .malformed(let r): return "malformed \(r)"
        case .unsupported: return "unsupported"
        }
    }

    func triage(_ bytes: [UInt8], _ linkType: LinkType) -> String {
        bytes.withUnsafeBytes { raw in
            switch PacketTriage.of(raw, linkType: linkType) {
            case .tcp(let f):
                let ts = PacketTriage.timestampValue(raw, f).map { "\($0)" } ?? "-"
                return "tcp \(f.source) \(f.sourcePort) \(f.destination) \(f.destinationPort) \(f.flags) \(ts)"
            case .skipped: return "skipped"
            case .malformed(let r): return "malformed \(r)"
            case .unsupportedLink: return "unsupported"
            }
        }
    }

    @Test func triageAgreesWithTheFullDecoderOnEveryFixturePacket() throws {
        var packets = 0
        for file in Self.captures {
            let source = try CaptureFile.open(pcapFixture(file))
            while let p = try source.next() {
                packets += 1
                #expect(triage(p.bytes, p.linkType) == reference(p.bytes, p.linkType), "\(file) packet \(p.number)")
            }
        }
        #expect(packets > 2800)
    }

    /// Damage of every kind: cut at every length, single bytes changed at random (seeded: reproducible).
    @Test func triageAgreesOnDamagedPackets() throws {
        var rng = SplitMix(seed: 42)
        var checked = 0
        for file in ["eth-le-usec.pcap", "quirks.pcap", "raw-be-nsec.pcap", "sll2.pcap"] {
            let source = try CaptureFile.open(pcapFixture(file))
            while let p = try source.next() {
                for cut in 0...p.bytes.count {
                    let b = Array(p.bytes.prefix(cut))
                    #expect(triage(b, p.linkType) == reference(b, p.linkType), "\(file) packet \(p.number) cut at \(cut)")
                }
                for _ in 0..<200 {
                    var b = p.bytes
                    for _ in 0..<(1 + rng.next() % 3) { b[Int(rng.next() % UInt64(b.count))] = UInt8(truncatingIfNeeded: rng.next()) }
                    #expect(triage(b, p.linkType) == reference(b, p.linkType), "\(file) packet \(p.number) mutated")
                    checked += 1
                }
            }
        }
        #expect(checked > 10_000)
    }

    /// A flood of connections that never close stays within the table's bound.
    @Test func connectionTableStaysBounded() throws {
        var table = MailConnections(maxConnections: 1000)
        for i in 0..<20_000 {
            let facts = TCPPacketFacts(ipOffset: 0, tcpOffset: 20, tcpHeaderLength: 20, source: IPAddress(v4: UInt32(0xC000_0200 + i)),
                                       destination: IPAddress(v4: 0xC633_6419), sourcePort: 40000, destinationPort: 25, flags: TCPHeader.syn)
            let opened = table.opening(facts, sequence: UInt32(i), at: Double(i) / 1000)
            #expect(opened)
            #expect(table.count <= 1001)
        }
        // The most recent connections are still followed.
        let last = TCPPacketFacts(ipOffset: 0, tcpOffset: 20, tcpHeaderLength: 20, source: IPAddress(v4: UInt32(0xC000_0200 + 19_999)),
                                  destination: IPAddress(v4: 0xC633_6419), sourcePort: 40000, destinationPort: 25, flags: TCPHeader.ack)
        let followed = table.follows(last, at: 20)
        #expect(followed)
    }
}

struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
