/// IPv4 addresses as plain 32-bit numbers, and the ranges a simulated world may use: 198.18.0.0/15
/// (benchmarking, RFC 2544), the three documentation networks (RFC 5737) and, for worlds of more than 131,072
/// addresses, 240.0.0.0/4 (reserved, RFC 1112: never routed, and in the prober's default blocklist).
public enum IPv4 {
    public static func parse(_ text: String) -> UInt32? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var value: UInt32 = 0
        for part in parts {
            guard let octet = UInt8(part), part.count <= 3 else { return nil }
            value = value << 8 | UInt32(octet)
        }
        return value
    }

    /// `a.b.c.d/len` → (first address, size).
    public static func parseCIDR(_ text: String) -> (base: UInt32, size: Int)? {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let base = parse(String(parts[0])), let len = Int(parts[1]), (8...32).contains(len) else { return nil }
        let size = 1 << (32 - len)
        guard base & UInt32(size - 1) == 0 else { return nil }
        return (base, size)
    }

    public static func text(_ a: UInt32) -> String {
        "\(a >> 24).\(a >> 16 & 255).\(a >> 8 & 255).\(a & 255)"
    }

    /// Ranges reserved for benchmarks, documentation or nothing at all: the only ones a simulation may write.
    public static let allowed: [(base: UInt32, size: Int)] = [
        (0xC612_0000, 1 << 17),   // 198.18.0.0/15
        (0xC000_0200, 256),       // 192.0.2.0/24
        (0xC633_6400, 256),       // 198.51.100.0/24
        (0xCB00_7100, 256),       // 203.0.113.0/24
        (0xF000_0000, 1 << 28),   // 240.0.0.0/4
    ]

    public static func isAllowed(base: UInt32, size: Int) -> Bool {
        allowed.contains { UInt64(base) >= UInt64($0.base) && UInt64(base) + UInt64(size) <= UInt64($0.base) + UInt64($0.size) }
    }
}
