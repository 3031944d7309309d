import BotCensusCore
import Foundation
import Ingest
import Testing

/// The capture readers on the fixtures of scripts/make-pcap-fixtures.py (see Tests/Fixtures/pcap/README.md).
@Suite struct CaptureReaderTests {
    let base: Int64 = 1_767_668_645   // 2026-01-06T03:04:05Z

    @Test func classicLittleEndianMicroseconds() throws {
        let (packets, warnings) = try readAll(pcapFixture("eth-le-usec.pcap"))
        #expect(warnings.isEmpty)
        #expect(packets.count == 10)
        #expect(packets.map(\.number) == Array(1...10))
        #expect(packets.allSatisfy { $0.linkType == .ethernet && $0.interface == 0 })
        #expect(packets[0].time == PacketTime(seconds: base, nanoseconds: 123_456_000))
        #expect(packets[1].time == PacketTime(seconds: base + 1, nanoseconds: 373_456_000))
        // Packet 6 was captured short of its original length.
        #expect(packets[5].bytes.count == 44 && packets[5].originalLength == 74)
    }

    @Test func classicBigEndianNanoseconds() throws {
        let (packets, warnings) = try readAll(pcapFixture("raw-be-nsec.pcap"))
        #expect(warnings.isEmpty)
        #expect(packets.count == 3 && packets.allSatisfy { $0.linkType == .raw })
        #expect(packets[1].time == PacketTime(seconds: base + 1, nanoseconds: 373_456_789))
        #expect(packets[1].time.timestamp == Double(base + 1) + 0.373456789)
    }

    @Test func pcapngWithTwoInterfaces() throws {
        let (packets, warnings) = try readAll(pcapFixture("two-if-le.pcapng"))
        #expect(warnings.isEmpty)
        #expect(packets.map(\.number) == [1, 2, 3, 4])
        #expect(packets.map(\.linkType) == [.ethernet, .raw, .ethernet, .raw])
        #expect(packets.map(\.interface) == [0, 1, 0, 1])
        #expect(packets[0].time == PacketTime(seconds: base, nanoseconds: 1_000))           // default 10^-6
        #expect(packets[1].time == PacketTime(seconds: base + 2, nanoseconds: 123))         // if_tsresol 10^-9
        #expect(packets[3].time == PacketTime(seconds: base + 3, nanoseconds: 0))
        let syns = try extractSyns(pcapFixture("two-if-le.pcapng")).syns
        #expect(syns.map(\.segment.tcp.sourcePort) == [40030, 40031, 40032, 40033])
        #expect(syns.map(\.segment.ip.version) == [4, 6, 4, 4])
    }

    @Test func pcapngBigEndianBinaryResolutionAndOffset() throws {
        let (packets, warnings) = try readAll(pcapFixture("be.pcapng"))
        #expect(warnings.isEmpty)
        #expect(packets.count == 2)
        #expect(packets[0].time == PacketTime(seconds: base, nanoseconds: 500_000_000))    // 2^-10 units, +100 s
        #expect(packets[1].time == PacketTime(seconds: base, nanoseconds: 750_000_000))
        #expect(try extractSyns(pcapFixture("be.pcapng")).syns.map(\.segment.ip.version) == [4, 6])
    }

    @Test(arguments: [("sll.pcap", LinkType.linuxSLL), ("sll2.pcap", .linuxSLL2), ("null.pcap", .null)])
    func cookedAndLoopbackLinkTypes(file: String, linkType: LinkType) throws {
        let result = try extractSyns(pcapFixture(file))
        #expect(result.warnings.isEmpty)
        #expect(result.syns.allSatisfy { $0.linkType == linkType })
        let expected = file == "null.pcap" ? [4, 6, 6] : [4, 6]
        #expect(result.syns.map(\.segment.ip.version) == expected)
        #expect(result.counts.skipped == (file == "null.pcap" ? 0 : 1))      // the ARP frame
    }

    @Test func rawIPv4AndIPv6LinkTypes() throws {
        let v4 = try extractSyns(pcapFixture("ipv4-228.pcap")).syns
        let v6 = try extractSyns(pcapFixture("ipv6-229.pcap")).syns
        #expect(v4.map(\.segment.ip.source) == [IPAddress("192.0.2.50")!])
        #expect(v6.map(\.segment.ip.source) == [IPAddress("2001:db8::50")!])
    }

    @Test func fileCutInsideItsLastRecordKeepsTheWholeOnes() throws {
        let (packets, warnings) = try readAll(pcapFixture("truncated-tail.pcap"))
        #expect(packets.count == 1)
        #expect(warnings.map(\.description) == ["\(pcapFixture("truncated-tail.pcap")): packet 2: file ends inside the packet (44 of 74 bytes)"])
    }

    @Test func notACaptureIsAFatalError() throws {
        let path = try temporaryCapture(Array("hello, this is a text file, not a capture\n".utf8))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: CaptureIssue(file: path, packet: nil, reason: "not a pcap file (magic 0x68656c6c)")) {
            try CaptureFile.open(path)
        }
        let empty = try temporaryCapture([])
        defer { try? FileManager.default.removeItem(atPath: empty) }
        #expect(throws: CaptureIssue(file: empty, packet: nil, reason: "empty file, not a capture")) { try CaptureFile.open(empty) }
        let short = try temporaryCapture([0xD4, 0xC3, 0xB2, 0xA1, 2, 0])
        defer { try? FileManager.default.removeItem(atPath: short) }
        #expect(throws: CaptureIssue(file: short, packet: nil, reason: "pcap file header cut short (6 of 24 bytes)")) {
            try CaptureFile.open(short)
        }
    }

    @Test func corruptBlockLengthStopsWithThePacketNumber() throws {
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: pcapFixture("two-if-le.pcapng"))))
        // Walk the (little-endian) blocks to the first EPB and break its length.
        var epb = 0
        while bytes[epb] != 6 {
            epb += Int(bytes[epb + 4]) | Int(bytes[epb + 5]) << 8 | Int(bytes[epb + 6]) << 16
        }
        bytes[epb + 4] = 7
        let path = try temporaryCapture(bytes)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let source = try CaptureFile.open(path)
        #expect(throws: CaptureIssue(file: path, packet: 1, reason: "block of type 0x6 has length 7 (corrupt file?)")) {
            while try source.next() != nil {}
        }
    }

    @Test func hugeRecordLengthIsFatal() throws {
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: pcapFixture("eth-le-usec.pcap"))))
        bytes[24 + 8 ..< 24 + 12] = [0xFF, 0xFF, 0xFF, 0x7F]
        let path = try temporaryCapture(bytes)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let source = try CaptureFile.open(path)
        #expect(throws: CaptureIssue.self) { _ = try source.next() }
    }

    /// Memory stays bounded: a capture far larger than the read buffer streams through record by record.
    @Test func streamsLargeFiles() throws {
        let one = Array(try Data(contentsOf: URL(fileURLWithPath: pcapFixture("eth-le-usec.pcap"))))
        let records = Array(one[24...])
        var bytes = Array(one[..<24])
        for _ in 0..<3000 { bytes += records }     // 30,000 packets, ~2.3 MB: over two 1 MiB buffers
        let path = try temporaryCapture(bytes)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try extractSyns(path)
        #expect(result.counts.packets == 30_000)
        #expect(result.counts.syns == 15_000)
        #expect(result.counts.malformed == 3_000 && result.warnings.count == 3_000)
    }
}

func temporaryCapture(_ bytes: [UInt8]) throws -> String {
    let url = temporaryDirectory("cap").appendingPathComponent("capture.pcap")
    try Data(bytes).write(to: url)
    return url.path
}
