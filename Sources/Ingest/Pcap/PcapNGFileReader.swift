/// pcapng files: sections (SHB) each with their own byte order and interfaces (IDB), packets in Enhanced
/// (EPB), Simple (SPB) and obsolete Packet (PB) blocks. Other blocks are skipped by their length.
public final class PcapNGFileReader: PacketViewSource {
    public let path: String
    private let input: CaptureFileBytes
    private let warn: (CaptureIssue) -> Void
    private var order = CaptureByteOrder(bigEndian: false)
    private var interfaces: [PcapNGInterface] = []
    private var count = 0
    private var finished = false

    static let sectionHeader: UInt32 = 0x0A0D0D0A
    /// A block longer than this cannot be believed: the file is corrupt and its framing lost.
    static let maxBlockLength = 16 << 20

    init(input: CaptureFileBytes, warn: @escaping (CaptureIssue) -> Void) throws {
        path = input.path
        self.input = input
        self.warn = warn
    }

    public func next() throws -> CapturedPacket? { try nextView()?.packet }

    func nextView() throws -> PacketView? {
        while !finished {
            guard let block = try readBlock() else { return nil }
            switch block.type {
            case Self.sectionHeader: interfaces = []
            case 1: try addInterface(Array(block.body))
            case 2, 3, 6:
                count += 1
                if let packet = packet(from: block) { return packet }
            default: continue
            }
        }
        return nil
    }

    func contentHash() throws -> String { try input.finishHash() }

    /// A block's type and body (without the length fields), lent in place until the next read.
    private struct Block { var type: UInt32; var body: UnsafeRawBufferPointer }

    /// The next block's type and body (without the length fields). A section header sets the byte order.
    private func readBlock() throws -> Block? {
        let head = try input.take(8)
        if head.isEmpty { finished = true; return nil }
        guard head.count == 8 else { return cutShort("file ends inside a block header") }
        let rawType = UInt32(bigEndian: head.loadUnaligned(as: UInt32.self))
        // Both length fields are read before the next `take`, which may move the buffer under `head`.
        let rawLength = head.loadUnaligned(fromByteOffset: 4, as: UInt32.self)
        if rawType == Self.sectionHeader {
            let magic = try input.take(4)
            guard magic.count == 4 else { return cutShort("file ends inside a section header") }
            switch (magic[0], magic[1], magic[2], magic[3]) {
            case (0x1A, 0x2B, 0x3C, 0x4D): order = CaptureByteOrder(bigEndian: true)
            case (0x4D, 0x3C, 0x2B, 0x1A): order = CaptureByteOrder(bigEndian: false)
            default: throw fatal("section header has no byte-order magic")
            }
        }
        let type = order.bigEndian ? rawType : rawType.byteSwapped
        let length = Int(order.bigEndian ? UInt32(bigEndian: rawLength) : UInt32(littleEndian: rawLength))
        let minimum = rawType == Self.sectionHeader ? 28 : 12
        guard length >= minimum, length % 4 == 0, length <= Self.maxBlockLength else {
            throw fatal("block of type 0x\(String(type, radix: 16)) has length \(length) (corrupt file?)")
        }
        let consumed = rawType == Self.sectionHeader ? 12 : 8
        let rest = try input.take(length - consumed)
        guard rest.count == length - consumed else { return cutShort("file ends inside a block of type 0x\(String(type, radix: 16))") }
        guard Int(order.u32(rest, rest.count - 4)) == length else {
            throw fatal("block of type 0x\(String(type, radix: 16)) has different leading and trailing lengths (corrupt file?)")
        }
        let body = UnsafeRawBufferPointer(rebasing: rest[0..<(rest.count - 4)])
        if rawType == Self.sectionHeader {
            let major = order.u16(body, 0)
            guard major == 1 else { throw fatal("pcapng version \(major) is not supported (only 1.x)") }
        }
        return Block(type: type, body: body)
    }

    private func addInterface(_ body: [UInt8]) throws {
        guard body.count >= 8 else { throw fatal("interface description block is shorter than 8 bytes") }
        var interface = PcapNGInterface(linkType: LinkType(rawValue: UInt32(order.u16(body, 0))), snapLength: Int(order.u32(body, 4)))
        for (code, value) in options(body, from: 8) {
            switch code {
            case 9 where value.count >= 1: interface.resolution = value[0]
            case 14 where value.count >= 8: interface.offsetSeconds = Int64(bitPattern: order.u64(value, 0))
            default: break
            }
        }
        interfaces.append(interface)
    }

    /// The packet of an EPB, SPB or PB; nil (after a warning) when its interface or lengths are wrong.
    private func packet(from block: Block) -> PacketView? {
        let b = block.body
        let interfaceID: Int, ticks: UInt64, captured: Int, original: Int, dataStart: Int
        switch block.type {
        case 6:
            guard b.count >= 20 else { return skip("enhanced packet block is shorter than 20 bytes") }
            interfaceID = Int(order.u32(b, 0))
            ticks = UInt64(order.u32(b, 4)) << 32 | UInt64(order.u32(b, 8))
            captured = Int(order.u32(b, 12)); original = Int(order.u32(b, 16)); dataStart = 20
        case 2:
            guard b.count >= 20 else { return skip("packet block is shorter than 20 bytes") }
            interfaceID = Int(order.u16(b, 0))
            ticks = UInt64(order.u32(b, 4)) << 32 | UInt64(order.u32(b, 8))
            captured = Int(order.u32(b, 12)); original = Int(order.u32(b, 16)); dataStart = 20
        default:
            guard b.count >= 4 else { return skip("simple packet block is shorter than 4 bytes") }
            interfaceID = 0
            ticks = 0
            original = Int(order.u32(b, 0))
            let snap = interfaces.first.map { $0.snapLength == 0 ? Int.max : $0.snapLength } ?? Int.max
            captured = min(original, snap, b.count - 4); dataStart = 4
        }
        guard interfaceID < interfaces.count else { return skip("interface \(interfaceID) was never described") }
        guard captured <= b.count - dataStart else {
            return skip("captured length \(captured) runs past the block (\(b.count - dataStart) bytes)")
        }
        let interface = interfaces[interfaceID]
        // A simple packet block has no timestamp at all.
        let time = block.type == 3 ? PacketTime(seconds: 0, nanoseconds: 0) : interface.time(ticks)
        return PacketView(number: count, time: time, linkType: interface.linkType, interface: interfaceID,
                          originalLength: max(original, captured),
                          bytes: UnsafeRawBufferPointer(rebasing: b[dataStart..<(dataStart + captured)]))
    }

    /// Option list (code, value) from `start` to the end of `body` or `opt_endofopt`.
    private func options(_ body: [UInt8], from start: Int) -> [(UInt16, [UInt8])] {
        var out: [(UInt16, [UInt8])] = []
        var i = start
        while i + 4 <= body.count {
            let code = order.u16(body, i), length = Int(order.u16(body, i + 2))
            if code == 0 || i + 4 + length > body.count { break }
            out.append((code, Array(body[(i + 4)..<(i + 4 + length)])))
            i += 4 + (length + 3) / 4 * 4
        }
        return out
    }

    private func skip(_ reason: String) -> PacketView? {
        warn(CaptureIssue(file: path, packet: count, reason: reason + "; skipped"))
        return nil
    }

    private func cutShort(_ reason: String) -> Block? {
        finished = true
        warn(CaptureIssue(file: path, packet: count + 1, reason: reason))
        return nil
    }

    private func fatal(_ reason: String) -> CaptureIssue {
        finished = true
        return CaptureIssue(file: path, packet: count + 1, reason: reason)
    }
}

/// What an interface description block says about the packets of that interface.
struct PcapNGInterface {
    var linkType: LinkType
    var snapLength: Int
    /// `if_tsresol`: high bit clear, units of 10^-n seconds; set, 2^-n. Default 10^-6.
    var resolution: UInt8 = 6
    /// `if_tsoffset`: seconds added to every timestamp.
    var offsetSeconds: Int64 = 0

    func time(_ ticks: UInt64) -> PacketTime {
        let exponent = Int(resolution & 0x7F)
        var seconds: UInt64, nanos: UInt64
        if resolution & 0x80 == 0 {
            let e = min(exponent, 19)
            var unit: UInt64 = 1
            for _ in 0..<e { unit *= 10 }
            seconds = ticks / unit
            let fraction = ticks % unit
            if e <= 9 {
                var scale: UInt64 = 1
                for _ in 0..<(9 - e) { scale *= 10 }
                nanos = fraction * scale
            } else {
                var scale: UInt64 = 1
                for _ in 0..<(e - 9) { scale *= 10 }
                nanos = fraction / scale
            }
        } else {
            let e = min(exponent, 63)
            seconds = ticks >> UInt64(e)
            let fraction = ticks & ((1 << UInt64(e)) - 1)
            // fraction × 10^9 / 2^e without overflow: take the high part of the 128-bit product.
            let product = fraction.multipliedFullWidth(by: 1_000_000_000)
            nanos = e == 0 ? 0 : (product.high << UInt64(64 - e)) | (product.low >> UInt64(e))
        }
        return PacketTime(seconds: Int64(bitPattern: seconds) + offsetSeconds, nanoseconds: Int64(nanos))
    }
}
