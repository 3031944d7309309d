import BotCensusCore
import Foundation
import Ingest
import Testing
@_exported import BotCensusTesting

/// 2026-01-06T03:04:05Z, the base time of the generated fixtures.
let base: Double = 1_767_668_645

/// What the capture format gave for one file: records in order, bad places, the summary.
struct CaptureRead {
    var evidence: [Evidence] = []
    var bad: [(place: BadPlace, reason: String)] = []
    var summary: FileSummary?

    var syns: [SynRecord] { evidence.compactMap { if case .syn(let s) = $0 { s } else { nil } } }
    var clocks: [TCPClockSample] { evidence.compactMap { if case .clock(let c) = $0 { c } else { nil } } }
}

/// Reads a capture with `PcapCaptureFormat` as the import does (bad packets reported, never thrown).
func readCapture(_ path: String, ports: Set<Int> = [25, 465, 587], labeler: SynLabeler? = nil) throws -> CaptureRead {
    var format = PcapCaptureFormat(options: ImportOptions(localTime: .utc, mailPorts: ports, synLabeler: labeler),
                                   file: FileFacts(path: path, modified: 0))
    var out = CaptureRead()
    out.summary = try format.read(emit: { out.evidence.append($0) }, bad: { out.bad.append(($0, $1)) })
    return out
}

/// How p0f prints a client: IPv4 dotted, IPv6 as eight hex groups without `::`, then `/port`.
func p0fClient(_ ip: IPAddress, _ port: Int) -> String {
    guard ip.isV6 else { return "\(ip)/\(port)" }
    var words: [String] = []
    for half in [ip.high, ip.low] {
        for i in 0..<4 { words.append(String(UInt16(truncatingIfNeeded: half >> UInt64(48 - 16 * i)), radix: 16)) }
    }
    return words.joined(separator: ":") + "/\(port)"
}

func p0fTime(_ t: Timestamp) -> String {
    let f = DateFormatter()
    f.dateFormat = "yyyy/MM/dd HH:mm:ss"
    f.timeZone = TimeZone(identifier: "UTC")
    return f.string(from: Date(timeIntervalSince1970: t.rounded(.down)))
}

/// Writes small classic pcaps (little-endian, microseconds, Ethernet) packet by packet, for tests that need
/// connections with known timestamps.
struct PcapWriter {
    var bytes: [UInt8] = [0xD4, 0xC3, 0xB2, 0xA1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0, 0, 1, 0, 0, 0]

    /// One IPv4 TCP packet. `ts`: the TCP timestamp option's value (nil: no options at all).
    mutating func tcp(at time: Double, from src: String, _ sport: UInt16, to dst: String, _ dport: UInt16, flags: UInt8,
                      seq: UInt32 = 1000, ipID: UInt16 = 1, ttl: UInt8 = 64, ts: UInt32? = nil, mss: Bool = false, payload: Int = 0) {
        var options: [UInt8] = []
        if mss { options += [2, 4, 0x05, 0xB4] }
        if let ts { options += [1, 1, 8, 10] + be32(ts) + be32(UInt32(0)) }
        var ip: [UInt8] = [0x45, 0, 0, 0] + be16(ipID) + [0x40, 0, ttl, 6, 0, 0] + be32(UInt32(IPAddress(src)!.low)) + be32(UInt32(IPAddress(dst)!.low))
        var tcp: [UInt8] = be16(sport) + be16(dport) + be32(seq) + be32(UInt32(flags & TCPHeader.ack != 0 ? 1 : 0))
        tcp += [UInt8((20 + options.count) / 4) << 4, flags, 0xFA, 0xF0, 0, 0, 0, 0] + options
        tcp += [UInt8](repeating: 0x41, count: payload)
        let total = be16(UInt16(ip.count + tcp.count))
        ip[2] = total[0]; ip[3] = total[1]
        record(at: time, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0x08, 0x00] + ip + tcp)
    }

    mutating func record(at time: Double, _ frame: [UInt8]) {
        let seconds = UInt32(time.rounded(.down)), micros = UInt32(((time - time.rounded(.down)) * 1e6).rounded())
        bytes += le32(seconds) + le32(micros) + le32(UInt32(frame.count)) + le32(UInt32(frame.count)) + frame
    }

    func write() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("capture-\(UUID().uuidString).pcap").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    private func be16(_ v: UInt16) -> [UInt8] { [UInt8(v >> 8), UInt8(v & 0xFF)] }
    private func be32(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
    private func le32(_ v: UInt32) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 24)] }
}
