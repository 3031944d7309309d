/// Classic libpcap files: a 24-byte header, then records of a 16-byte header and the packet bytes.
/// Both byte orders and both timestamp resolutions (microsecond magic a1b2c3d4, nanosecond a1b23c4d).
public final class PcapFileReader: PacketViewSource {
    public let path: String
    public let linkType: LinkType
    public let snapLength: Int
    public let nanosecondTimestamps: Bool
    private let input: CaptureFileBytes
    private let order: CaptureByteOrder
    private let warn: (CaptureIssue) -> Void
    private var count = 0
    private var finished = false

    /// A record longer than this cannot be a packet: the file is corrupt and its framing lost.
    static let maxRecordLength = 16 << 20

    init(input: CaptureFileBytes, warn: @escaping (CaptureIssue) -> Void) throws {
        path = input.path
        self.input = input
        self.warn = warn
        let header = try input.read(24)
        let magic = header.count < 4 ? 0 : UInt32(header[0]) << 24 | UInt32(header[1]) << 16 | UInt32(header[2]) << 8 | UInt32(header[3])
        switch magic {
        case 0xA1B2C3D4: order = CaptureByteOrder(bigEndian: true); nanosecondTimestamps = false
        case 0xD4C3B2A1: order = CaptureByteOrder(bigEndian: false); nanosecondTimestamps = false
        case 0xA1B23C4D: order = CaptureByteOrder(bigEndian: true); nanosecondTimestamps = true
        case 0x4D3CB2A1: order = CaptureByteOrder(bigEndian: false); nanosecondTimestamps = true
        default:
            throw CaptureIssue(file: path, packet: nil, reason: "not a pcap file (magic 0x\(String(magic, radix: 16)))")
        }
        guard header.count == 24 else {
            throw CaptureIssue(file: path, packet: nil, reason: "pcap file header cut short (\(header.count) of 24 bytes)")
        }
        let major = order.u16(header, 4)
        guard major == 2 else { throw CaptureIssue(file: path, packet: nil, reason: "pcap version \(major) is not supported (only 2.x)") }
        snapLength = Int(order.u32(header, 16))
        // The upper bits of the link-type field may carry FCS information; the type is the low 16 bits.
        linkType = LinkType(rawValue: order.u32(header, 20) & 0xFFFF)
    }

    public func next() throws -> CapturedPacket? { try nextView()?.packet }

    func nextView() throws -> PacketView? {
        guard !finished else { return nil }
        let number = count + 1
        let header = try input.take(16)
        if header.isEmpty { finished = true; return nil }
        guard header.count == 16 else {
            return cutShort(number, "file ends inside the record header (\(header.count) of 16 bytes)")
        }
        // Read every header field before taking the packet: taking may move the buffer under `header`.
        let seconds = order.u32(header, 0), fraction = Int64(order.u32(header, 4))
        let captured = Int(order.u32(header, 8))
        let original = Int(order.u32(header, 12))
        guard captured <= Self.maxRecordLength else {
            finished = true
            throw CaptureIssue(file: path, packet: number, reason: "record length \(captured) is not believable (corrupt file?)")
        }
        let bytes = try input.take(captured)
        guard bytes.count == captured else {
            return cutShort(number, "file ends inside the packet (\(bytes.count) of \(captured) bytes)")
        }
        count = number
        let time = PacketTime(seconds: Int64(seconds), nanoseconds: nanosecondTimestamps ? fraction : fraction * 1000)
        return PacketView(number: number, time: time, linkType: linkType, interface: 0,
                          originalLength: max(original, captured), bytes: bytes)
    }

    func contentHash() throws -> String { try input.finishHash() }

    /// A capture stopped mid-write (tcpdump killed) keeps every whole record before the cut: warn and end.
    private func cutShort(_ number: Int, _ reason: String) -> PacketView? {
        finished = true
        warn(CaptureIssue(file: path, packet: number, reason: reason))
        return nil
    }
}
