import BotCensusCore
import Foundation
import Ingest
import Testing

/// Link, IP and TCP decoding: every field fingerprinting reads, and damage reported by packet number.
@Suite struct PacketDecodeTests {
    @Test func ethernetCaptureYieldsItsSyns() throws {
        let path = pcapFixture("eth-le-usec.pcap")
        let result = try extractSyns(path)
        #expect(result.counts == SynExtractor.Counts(packets: 10, tcp: 7, syns: 5, skipped: 2, malformed: 1))
        #expect(result.syns.map(\.packet) == [1, 5, 7, 9, 10])
        #expect(result.warnings.map(\.description) == [
            "\(path): packet 6: TCP header cut short (10 of 20 bytes) (captured 44 of 74 bytes); skipped",
        ])
    }

    @Test func everyHeaderFieldOfASyn() throws {
        let syn = try #require(try extractSyns(pcapFixture("eth-le-usec.pcap")).syns.first).segment
        #expect(syn.ip.version == 4 && syn.ip.source == IPAddress("203.0.113.7") && syn.ip.destination == IPAddress("198.18.0.25"))
        #expect(syn.ip.ttl == 114 && syn.ip.identification == 0x2a01 && syn.ip.dontFragment && !syn.ip.reservedFlag)
        #expect(syn.ip.optionsLength == 0 && syn.ip.headerLength == 20 && syn.ip.totalLength == 52 && syn.ip.ecn == 0)
        #expect(syn.tcp.sourcePort == 51234 && syn.tcp.destinationPort == 25 && syn.tcp.sequence == 0x11223344)
        #expect(syn.tcp.acknowledgment == 0 && syn.tcp.flags == TCPHeader.syn && syn.tcp.isSYN)
        #expect(syn.tcp.window == 64240 && syn.tcp.urgentPointer == 0 && syn.tcp.headerLength == 32)
        #expect(syn.tcp.options == [.maximumSegmentSize(1460), .noOperation, .windowScale(8), .noOperation, .noOperation, .sackPermitted])
        #expect(syn.tcp.mss == 1460 && syn.tcp.windowScale == 8 && syn.tcp.timestamp == nil)
        #expect(syn.tcp.optionsProblem == nil && syn.tcp.payloadLength == 0 && syn.payloadComplete)
    }

    @Test func vlanTagsAreFollowed() throws {
        let syns = try extractSyns(pcapFixture("eth-le-usec.pcap")).syns
        #expect(syns[1].segment.ip.source == IPAddress("198.51.100.60") && syns[1].segment.ip.ttl == 53)
        #expect(syns[3].segment.ip.source == IPAddress("198.51.100.61"))        // 802.1ad + 802.1Q
    }

    @Test func ipv6ExtensionHeadersAreSkipped() throws {
        let syn = try extractSyns(pcapFixture("eth-le-usec.pcap")).syns[2].segment
        #expect(syn.ip.version == 6 && syn.ip.source == IPAddress("2001:db8::25") && syn.ip.ttl == 52)
        #expect(syn.ip.optionsLength == 8 && syn.ip.headerLength == 48 && syn.ip.transportProtocol == 6)
        #expect(syn.tcp.sourcePort == 51234 && syn.tcp.timestamp?.value == 777)
    }

    /// Ethernet pads short frames to 60 bytes: the IP total length, not the frame, bounds the payload.
    @Test func ethernetPaddingIsNotPayload() throws {
        let syn = try extractSyns(pcapFixture("eth-le-usec.pcap")).syns[4]
        #expect(syn.segment.tcp.sourcePort == 40005 && syn.segment.tcp.options.isEmpty && syn.segment.tcp.payloadLength == 0)
    }

    @Test func ipv6FlowLabelAndTrafficClass() throws {
        let syn = try extractSyns(pcapFixture("raw-be-nsec.pcap")).syns[1].segment
        #expect(syn.ip.flowLabel == 0x12345 && syn.ip.ttl == 60 && syn.ip.trafficClass == 0)
    }

    @Test func optionParsing() {
        let eolJunk = TCPOption.parse([2, 4, 5, 180, 0, 0, 7, 0])
        #expect(eolJunk.options == [.maximumSegmentSize(1460), .endOfList(padding: 3, paddingNonZero: true)])
        let sack = TCPOption.parse([5, 10, 0, 0, 0, 1, 0, 0, 0, 2, 8, 10, 0, 0, 0, 9, 0, 0, 0, 3])
        #expect(sack.options == [.sack([.init(left: 1, right: 2)]), .timestamp(value: 9, echo: 3)] && sack.problem == nil)
        let badLength = TCPOption.parse([2, 5, 5, 180, 0, 1, 3, 3, 7])
        #expect(badLength.options == [.other(kind: 2, data: [5, 180, 0]), .noOperation, .windowScale(7)])
        #expect(badLength.problem == "TCP option 2 has length 5")
        let runsOver = TCPOption.parse([1, 3, 3, 7, 30, 9, 1])
        #expect(runsOver.options == [.noOperation, .windowScale(7)] && runsOver.problem == "TCP option 30 has length 9, 3 bytes left")
        #expect(TCPOption.parse([3]).problem == "TCP option 3 has no length byte")
    }

    @Test func decodeProblems() {
        func problem(_ bytes: [UInt8]) -> PacketProblem? {
            do { _ = try TCPSegment.decode(bytes); return nil } catch { return error }
        }
        var v4: [UInt8] = [0x45, 0, 0, 40, 0, 1, 0x40, 0, 64, 6, 0, 0, 192, 0, 2, 1, 198, 18, 0, 25]
        v4 += [0x9c, 0x40, 0, 25, 0, 0, 0, 1, 0, 0, 0, 0, 0x50, 0x02, 0xff, 0xff, 0, 0, 0, 0]
        #expect(problem(v4) == nil)
        #expect(problem(Array(v4[..<30])) == .malformed("TCP header cut short (10 of 20 bytes)"))
        #expect(problem(Array(v4[..<12])) == .malformed("IPv4 header cut short (12 of 20 bytes)"))
        var udp = v4; udp[9] = 17
        #expect(problem(udp) == .notTCP("IPv4 protocol 17"))
        var fragment = v4; fragment[6] = 0x20
        #expect(problem(fragment) == .notTCP("IPv4 fragment"))
        var shortIHL = v4; shortIHL[0] = 0x44
        #expect(problem(shortIHL) == .malformed("IPv4 header length 16 is below 20"))
        var badOffset = v4; badOffset[32] = 0x40
        #expect(problem(badOffset) == .malformed("TCP data offset 16 is below 20 bytes"))
        var longOffset = v4; longOffset[32] = 0x60
        #expect(problem(longOffset) == .malformed("TCP header length 24 exceeds the 20 bytes the IP header allows"))
        #expect(problem([0x55]) == .malformed("IP version 5 is neither 4 nor 6"))
        var offloaded = v4; offloaded[2] = 0; offloaded[3] = 0     // TSO: total length 0
        #expect(problem(offloaded) == nil)
    }

    @Test func unsupportedLinkTypeIsNamedOnce() throws {
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: pcapFixture("sll.pcap"))))
        bytes[20] = 0xC3       // link type 195 (IEEE 802.15.4)
        let path = try temporaryCapture(bytes)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try extractSyns(path)
        #expect(result.syns.isEmpty && result.counts.skipped == 3)
        #expect(result.warnings.map(\.description) == ["\(path): packet 1: link type 195 is not supported; its packets are skipped"])
    }
}
