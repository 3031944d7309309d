#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An IPv4 or IPv6 address in canonical form. IPv4 lives in the low 32 bits of `low` with `high == 0`.
/// Comparable so reports sort addresses numerically rather than as text.
public struct IPAddress: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let isV6: Bool
    public let high: UInt64
    public let low: UInt64

    public init(v4 value: UInt32) {
        isV6 = false; high = 0; low = UInt64(value)
    }

    public init(v6High: UInt64, v6Low: UInt64) {
        isV6 = true; high = v6High; low = v6Low
    }

    /// Parses dotted-quad IPv4 or any textual IPv6 form (compressed, uncompressed, with embedded IPv4).
    public init?(_ text: String) {
        var copy = text
        let parsed: IPAddress? = copy.withUTF8 { IPAddress(bytes: UnsafeRawBufferPointer($0)) }
        guard let parsed else { return nil }
        self = parsed
    }

    /// Parses from raw bytes without building a String (hot path of log importers).
    public init?(bytes: UnsafeRawBufferPointer) {
        if let v4 = IPAddress.parseV4(bytes) {
            self.init(v4: v4)
            return
        }
        guard bytes.count >= 2, bytes.count <= 45, bytes.contains(UInt8(ascii: ":")) else { return nil }
        var cString = [CChar](repeating: 0, count: bytes.count + 1)
        for (i, b) in bytes.enumerated() { cString[i] = CChar(bitPattern: b) }
        var storage = in6_addr()
        guard inet_pton(AF_INET6, cString, &storage) == 1 else { return nil }
        let raw = withUnsafeBytes(of: &storage) { Array($0) }
        var hi: UInt64 = 0, lo: UInt64 = 0
        for i in 0..<8 { hi = hi << 8 | UInt64(raw[i]) }
        for i in 8..<16 { lo = lo << 8 | UInt64(raw[i]) }
        self.init(v6High: hi, v6Low: lo)
    }

    static func parseV4(_ bytes: UnsafeRawBufferPointer) -> UInt32? {
        var value: UInt32 = 0, octet: UInt32 = 0, digits = 0, dots = 0
        for b in bytes {
            if b >= 48 && b <= 57 {
                octet = octet * 10 + UInt32(b - 48)
                digits += 1
                if digits > 3 || octet > 255 { return nil }
            } else if b == UInt8(ascii: ".") {
                if digits == 0 || dots == 3 { return nil }
                value = value << 8 | octet
                octet = 0; digits = 0; dots += 1
            } else {
                return nil
            }
        }
        guard dots == 3, digits > 0 else { return nil }
        return value << 8 | octet
    }

    public var description: String {
        if !isV6 {
            let v = UInt32(truncatingIfNeeded: low)
            return "\(v >> 24).\(v >> 16 & 0xff).\(v >> 8 & 0xff).\(v & 0xff)"
        }
        var storage = in6_addr()
        withUnsafeMutableBytes(of: &storage) { raw in
            for i in 0..<8 { raw[i] = UInt8(truncatingIfNeeded: high >> UInt64(56 - 8 * i)) }
            for i in 0..<8 { raw[8 + i] = UInt8(truncatingIfNeeded: low >> UInt64(56 - 8 * i)) }
        }
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        _ = inet_ntop(AF_INET6, &storage, &buffer, socklen_t(buffer.count))
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    public static func < (a: IPAddress, b: IPAddress) -> Bool {
        if a.isV6 != b.isV6 { return !a.isV6 }
        return (a.high, a.low) < (b.high, b.low)
    }
}

extension IPAddress: Codable {
    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let ip = IPAddress(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not an IP address: \(text)"))
        }
        self = ip
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
