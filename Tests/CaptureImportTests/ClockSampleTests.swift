import BotCensusCore
import Foundation
import Ingest
import Testing

/// Clock samples: every client→server packet carrying a TCP timestamp, of the mail connections whose SYN
/// the capture holds, from the SYN to the connection's end.
@Suite struct ClockSampleTests {
    static let server = "198.51.100.25"
    let syn: UInt8 = 0x02, ack: UInt8 = 0x10, psh: UInt8 = 0x08, fin: UInt8 = 0x01, rst: UInt8 = 0x04

    func capture() throws -> String {
        var w = PcapWriter()
        let s = Self.server
        // A: a Linux client's whole session; the server's packets in between are not the client's clock.
        w.tcp(at: base, from: "192.0.2.10", 40000, to: s, 25, flags: syn, seq: 1000, ipID: 7, ts: 5000, mss: true)
        w.tcp(at: base + 0.001, from: s, 25, to: "192.0.2.10", 40000, flags: syn | ack, ts: 9999, mss: true)
        w.tcp(at: base + 0.002, from: "192.0.2.10", 40000, to: s, 25, flags: ack, ts: 5001)
        // B: a session whose SYN the capture missed: not followed.
        w.tcp(at: base + 0.3, from: "192.0.2.11", 40001, to: s, 25, flags: ack | psh, ts: 1, payload: 10)
        // C: a SYN to port 80 and its data: not a mail connection.
        w.tcp(at: base + 0.4, from: "192.0.2.12", 40002, to: s, 80, flags: syn, ts: 2, mss: true)
        w.tcp(at: base + 0.45, from: "192.0.2.12", 40002, to: s, 80, flags: ack, ts: 3)
        w.tcp(at: base + 0.5, from: "192.0.2.10", 40000, to: s, 25, flags: ack | psh, ts: 5500, payload: 20)
        w.tcp(at: base + 0.6, from: s, 25, to: "192.0.2.10", 40000, flags: ack | psh, ts: 9998, payload: 30)
        w.tcp(at: base + 2, from: "192.0.2.10", 40000, to: s, 25, flags: fin | ack, ts: 7000)
        w.tcp(at: base + 2.1, from: "192.0.2.10", 40000, to: s, 25, flags: ack, ts: 7100)       // ACK of the server's FIN: the end
        w.tcp(at: base + 2.2, from: "192.0.2.10", 40000, to: s, 25, flags: ack, ts: 7200)       // after the end: not followed
        // D: SYN, then a reset; later packets of the same addresses and ports are not followed.
        w.tcp(at: base + 3, from: "192.0.2.13", 40003, to: s, 587, flags: syn, seq: 77, ipID: 900, ts: 100, mss: true)
        w.tcp(at: base + 3.1, from: "192.0.2.13", 40003, to: s, 587, flags: rst, ts: 101)
        w.tcp(at: base + 3.2, from: "192.0.2.13", 40003, to: s, 587, flags: ack, ts: 102)
        // E: a Windows SYN (no timestamps) retransmitted after 1 s: one record, as p0f reports it once;
        // the same SYN 32 s later is past p0f's 30 s flow lifetime: reported again.
        w.tcp(at: base + 4, from: "192.0.2.14", 40004, to: s, 465, flags: syn, seq: 5, ipID: 300, ttl: 116, mss: true)
        w.tcp(at: base + 5, from: "192.0.2.14", 40004, to: s, 465, flags: syn, seq: 5, ipID: 301, ttl: 116, mss: true)
        w.tcp(at: base + 36, from: "192.0.2.14", 40004, to: s, 465, flags: syn, seq: 5, ipID: 302, ttl: 116, mss: true)
        // F: the first client again, a second connection from another port.
        w.tcp(at: base + 40, from: "192.0.2.10", 40005, to: s, 25, flags: syn, seq: 3000, ipID: 8, ts: 8000, mss: true)
        w.tcp(at: base + 40.5, from: "192.0.2.10", 40005, to: s, 25, flags: ack, ts: 8001)
        return try w.write()
    }

    @Test func samplesFollowEachConnectionFromItsSyn() throws {
        let path = try capture()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let read = try readCapture(path)
        #expect(read.bad.isEmpty)
        var byConnection: [String: [UInt32]] = [:]
        for c in read.clocks {
            #expect(c.dst == IPAddress(Self.server)!)
            byConnection["\(c.src):\(c.sport)>\(c.dport)", default: []].append(c.tsVal)
        }
        #expect(byConnection == [
            "192.0.2.10:40000>25": [5000, 5001, 5500, 7000, 7100],
            "192.0.2.13:40003>587": [100, 101],
            "192.0.2.10:40005>25": [8000, 8001],
        ])
        // Each sample carries its packet's capture time and number.
        let a = read.clocks.filter { $0.sport == 40000 }
        #expect(a.map { $0.time - base }.map { ($0 * 1000).rounded() } == [0, 2, 500, 2000, 2100])
        #expect(a.map(\.source.line) == [1, 3, 7, 9, 10])
    }

    @Test func synRecordsCarryIPIDAndTimestampAndSkipRetransmissions() throws {
        let path = try capture()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let syns = try readCapture(path).syns
        #expect(syns.map(\.sport) == [40000, 40003, 40004, 40004, 40005])
        #expect(syns.map(\.dport) == [25, 587, 465, 465, 25])
        #expect(syns.map(\.ipID) == [7, 900, 300, 302, 8])
        #expect(syns.map(\.tsVal) == [5000, 100, nil, nil, 8000])
        #expect(syns.map { $0.time - base } == [0, 3, 4, 36, 40])
        #expect(syns[2].signature.raw == "4:116+12:0:1460:mss*44,0:mss:df,id+:0")
        #expect(syns[2].distance == 12)
        #expect(syns[0].signature.raw == "4:64+0:0:1460:mss*44,0:mss,nop,nop,ts:df,id+:0")
    }
}
