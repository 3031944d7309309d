/// An IPv4 or IPv6 network in CIDR notation (`192.0.2.0/24`, `2001:db8::/32`, or a bare address: a host
/// route). Host bits of the address are kept as written but ignored by `contains`.
public struct IPNetwork: Sendable, Hashable, CustomStringConvertible {
    public var address: IPAddress
    public var prefix: Int

    public init(address: IPAddress, prefix: Int) {
        self.address = address
        self.prefix = prefix
    }

    /// `ADDRESS/PREFIX` or a bare address; nil if either part does not read.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2, let ip = IPAddress(String(parts[0])) else { return nil }
        let width = ip.isV6 ? 128 : 32
        guard parts.count == 2 else { self.init(address: ip, prefix: width); return }
        guard let prefix = Int(parts[1]), (0...width).contains(prefix) else { return nil }
        self.init(address: ip, prefix: prefix)
    }

    public func contains(_ ip: IPAddress) -> Bool {
        guard ip.isV6 == address.isV6 else { return false }
        if !ip.isV6 {
            let mask: UInt64 = prefix == 0 ? 0 : (0xffff_ffff << UInt64(32 - prefix)) & 0xffff_ffff
            return ip.low & mask == address.low & mask
        }
        let highMask: UInt64 = prefix >= 64 ? ~0 : (prefix == 0 ? 0 : ~0 << UInt64(64 - prefix))
        let lowMask: UInt64 = prefix <= 64 ? 0 : (prefix == 128 ? ~0 : ~0 << UInt64(128 - prefix))
        return ip.high & highMask == address.high & highMask && ip.low & lowMask == address.low & lowMask
    }

    /// True when every address of `other` is in this network.
    public func contains(_ other: IPNetwork) -> Bool {
        other.address.isV6 == address.isV6 && other.prefix >= prefix && contains(other.address)
    }

    /// Addresses in the network (saturating at UInt64.max for wide IPv6 networks).
    public var size: UInt64 {
        let hostBits = (address.isV6 ? 128 : 32) - prefix
        return hostBits >= 64 ? .max : 1 << UInt64(hostBits)
    }

    public var description: String { "\(address)/\(prefix)" }
}
