import BotCensusCore
import Foundation
import Ingest
import Testing

/// The capture format on every committed fixture: each link type, byte order and timestamp resolution,
/// pcapng with two interfaces and a simple packet block, damaged packets. Expected raw_sigs are what
/// `p0f -r` (3.09b) prints for the same packets; p0f reads no VLAN tags, IPv6 extension headers, Linux
/// AF_INET6 loopback frames or pcapng, so for those packets the expected value is the same stack's
/// signature p0f gives elsewhere (a Linux SYN is `…:mss*44,7:mss,sok,ts,nop,ws:df,id+:0` whatever the link).
@Suite struct FixtureImportTests {
    static let linuxV4 = "4:64+0:0:1460:mss*44,7:mss,sok,ts,nop,ws:df,id+:0"
    static let linuxV6 = "6:64+0:0:1440:mss*45,7:mss,sok,ts,nop,ws::0"

    struct Expected: Sendable, CustomTestStringConvertible {
        var file: String
        /// packet number, client, client port, time offset from `base`, ipid, ts_val, raw_sig
        var syns: [(packet: Int, src: String, sport: Int, time: Double, ipID: Int?, tsVal: UInt32?, rawSig: String)]
        var testDescription: String { file }
    }

    static let fixtures: [Expected] = [
        Expected(file: "raw-be-nsec.pcap", syns: [
            (1, "192.0.2.40", 40010, 0.123456789, 4660, nil, "4:120+8:0:1460:8192,0:mss,nop,nop,sok:df,id+:0"),
            (2, "2001:db8::40", 40011, 1.373456789, nil, 777, "6:60+4:0:1440:mss*45,7:mss,sok,ts,nop,ws:flow:0"),
        ]),
        Expected(file: "sll.pcap", syns: [(1, "192.0.2.50", 40020, 0.123456, 4660, 12345, linuxV4), (2, "2001:db8::50", 40021, 1.373456, nil, 777, linuxV6)]),
        Expected(file: "sll2.pcap", syns: [(1, "192.0.2.50", 40020, 0.123456, 4660, 12345, linuxV4), (2, "2001:db8::50", 40021, 1.373456, nil, 777, linuxV6)]),
        // Packet 3 is packet 2 again under Linux's AF_INET6 value: same connection and sequence, a repeat.
        Expected(file: "null.pcap", syns: [(1, "192.0.2.50", 40020, 0.123456, 4660, 12345, linuxV4), (2, "2001:db8::50", 40021, 1.373456, nil, 777, linuxV6)]),
        Expected(file: "ipv4-228.pcap", syns: [(1, "192.0.2.50", 40020, 0.123456, 4660, 12345, linuxV4)]),
        Expected(file: "ipv6-229.pcap", syns: [(1, "2001:db8::50", 40021, 0.123456, nil, 777, linuxV6)]),
        Expected(file: "be.pcapng", syns: [(1, "192.0.2.70", 40040, 0.5, 4660, 12345, linuxV4), (2, "2001:db8::70", 40041, 0.75, nil, 777, linuxV6)]),
        // Interface 0 Ethernet (µs), interface 1 raw IP (ns); packet 3 is a simple packet block, which has no time.
        Expected(file: "two-if-le.pcapng", syns: [
            (1, "192.0.2.60", 40030, 0.000001, 4660, 12345, linuxV4), (2, "2001:db8::60", 40031, 2.000000123, nil, 777, linuxV6),
            (3, "192.0.2.61", 40032, -base, 4660, 12345, linuxV4), (4, "192.0.2.62", 40033, 3, 4660, 12345, linuxV4),
        ]),
        Expected(file: "eth-le-usec.pcap", syns: [
            (1, "203.0.113.7", 51234, 0.123456, 10753, nil, "4:114+14:0:1460:mss*44,8:mss,nop,ws,nop,nop,sok:df,id+:0"),
            (5, "198.51.100.60", 41000, 4.123456, 4660, 12345, "4:53+11:0:1460:mss*44,7:mss,sok,ts,nop,ws:df,id+:0"),  // 802.1Q
            (7, "2001:db8::25", 51234, 6.623456, nil, 777, "6:52+12:8:1440:mss*45,7:mss,sok,ts,nop,ws::0"),           // hop-by-hop header
            (9, "198.51.100.61", 41001, 8.123456, 4660, 12345, linuxV4),                                            // 802.1ad + 802.1Q
            (10, "192.0.2.32", 40005, 9.373456, 4660, nil, "4:64+0:0:0:64240,0::df,id+:0"),                       // no options, padded
        ]),
    ]

    @Test(arguments: fixtures)
    func synRecordsOfEachFixture(_ expected: Expected) throws {
        let read = try readCapture(pcapFixture(expected.file))
        let syns = read.syns
        #expect(syns.count == expected.syns.count)
        for (got, want) in zip(syns, expected.syns) {
            #expect(got.source.line == want.packet)
            #expect(got.src == IPAddress(want.src)!)
            #expect(got.sport == want.sport)
            #expect(got.dport == 25)
            #expect(got.dst == IPAddress(got.src.isV6 ? "2001:db8::19" : "198.18.0.25"))
            #expect(abs(got.time - (base + want.time)) < 1e-6, "time of packet \(want.packet)")
            #expect(got.ipID == want.ipID)
            #expect(got.tsVal == want.tsVal)
            #expect(got.signature.raw == want.rawSig)
            // Unlabelled (no p0f.fp given): the hop distance is p0f's guess, which raw_sig also carries.
            #expect(got.distance == got.signature.distance && got.osLabel == nil && got.params == nil)
            #expect(got.source.file == pcapFixture(expected.file))
        }
        // Every SYN with a timestamp is also the first clock sample of its connection.
        let clocked = Set(read.clocks.map { "\($0.src)/\($0.sport)" })
        for syn in syns where syn.tsVal != nil { #expect(clocked.contains("\(syn.src)/\(syn.sport)")) }
        #expect(read.summary?.sha256 == ContentDigest.hex(Array(try Data(contentsOf: URL(fileURLWithPath: pcapFixture(expected.file))))))
    }

    @Test func nanosecondCaptureKeepsTheDigitsTheTimestampCanHold() throws {
        let syns = try readCapture(pcapFixture("raw-be-nsec.pcap")).syns
        #expect(syns[1].time == Double(Int64(base) + 1) + 0.373456789)
    }

    @Test func truncatedPacketIsCountedAndNamed() throws {
        let read = try readCapture(pcapFixture("eth-le-usec.pcap"))
        #expect(read.bad.count == 1)
        #expect(read.bad.first?.place == .unit("packet 6"))
        #expect(read.bad.first?.reason == "TCP header cut short (10 of 20 bytes) (captured 44 of 74 bytes); skipped")
        #expect(read.summary?.units == 10)
        // 5 SYN records and 3 clock samples; UDP, ARP, the SYN+ACK and the lone ACK give nothing.
        #expect(read.summary?.records == 8 && read.evidence.count == 8)
        #expect(read.summary?.ignored == 4)

        let tail = try readCapture(pcapFixture("truncated-tail.pcap"))
        #expect(tail.syns.count == 1)
        #expect(tail.bad.map(\.place) == [.unit("packet 2")])
        #expect(tail.bad.first?.reason == "file ends inside the packet (44 of 74 bytes)")
    }

    @Test func importDriverDetectsCapturesAndReportsPacketNumbers() throws {
        for file in ["eth-le-usec.pcap", "two-if-le.pcapng", "be.pcapng", "raw-be-nsec.pcap"] {
            let driver = try ImportDriver(path: pcapFixture(file), formatName: nil, options: ImportOptions(), strict: false)
            #expect(driver.format.name == "pcap", "\(file)")
        }
        let path = pcapFixture("eth-le-usec.pcap")
        let driver = try ImportDriver(path: path, formatName: nil, options: ImportOptions(), strict: false)
        var reports: [String] = []
        let summary = try driver.run(report: { reports.append($0.description) }) { _ in }
        #expect(reports == ["\(path): packet 6: TCP header cut short (10 of 20 bytes) (captured 44 of 74 bytes); skipped"])
        #expect(summary.badLines == 1 && summary.lines == 10 && summary.records == 8)
        // Strict mode refuses the file at the bad packet.
        let strict = try ImportDriver(path: path, formatName: "pcap", options: ImportOptions(), strict: true)
        #expect(throws: ImportDriver.BadLine.self) { _ = try strict.run(report: { _ in }) { _ in } }
    }

    @Test func corruptFramingEndsTheReadingWithWhatCameBefore() throws {
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: pcapFixture("eth-le-usec.pcap"))))
        func le32(_ i: Int) -> Int { Int(bytes[i]) | Int(bytes[i + 1]) << 8 | Int(bytes[i + 2]) << 16 | Int(bytes[i + 3]) << 24 }
        // The third record's captured length becomes unbelievable: the framing is lost from there on.
        var third = 24
        for _ in 0..<2 { third += 16 + le32(third + 8) }
        bytes[third + 8 ..< third + 12] = [0xFF, 0xFF, 0xFF, 0x7F]
        let path = NSTemporaryDirectory() + "corrupt-\(UUID().uuidString).pcap"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let read = try readCapture(path)
        #expect(read.syns.count == 1)
        #expect(read.bad.map(\.place) == [.unit("packet 3")])
        #expect(read.bad.first?.reason.hasSuffix("; the rest of the file cannot be read") == true)
    }

    @Test func notACaptureIsRefusedWhole() throws {
        let path = NSTemporaryDirectory() + "text-\(UUID().uuidString).pcap"
        try Data("hello, not a capture\n".utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: CaptureIssue.self) { _ = try readCapture(path) }
    }

    @Test func onlySynsToMailPortsBecomeRecords() throws {
        let capture = pcapFixture("captured-syns.pcap")        // its servers listen on 8099 and 8100
        let none = try readCapture(capture)
        #expect(none.syns.isEmpty && none.clocks.isEmpty)
        let one = try readCapture(capture, ports: [8099])
        #expect(one.syns.count == 204 && one.syns.allSatisfy { $0.dport == 8099 })
        #expect(one.clocks.allSatisfy { $0.dport == 8099 })
        let both = try readCapture(capture, ports: [8099, 8100])
        #expect(both.syns.count == 408)
        #expect(try readCapture(pcapFixture("eth-le-usec.pcap"), ports: [587]).evidence.isEmpty)
    }
}
