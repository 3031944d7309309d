import BotCensusCore

/// How a lab host's kernel is shaped: the namespace's own sysctls, so its SYNs come from a real Linux stack
/// set up the way the device family's stack behaves (initial TTL, options it offers, receive window). Linux
/// cannot reorder its options, so a "Windows-like" host has Windows's TTL and option set, not its order.
public enum LabStack: String, CaseIterable, Sendable {
    case windowsLike = "windows-like"
    case linuxPC = "linux-pc"
    case phone
    case embedded

    /// sysctl key=value pairs for the namespace (net.* sysctls are per namespace).
    public var sysctls: [(String, String)] {
        switch self {
        case .windowsLike:
            return [("net.ipv4.ip_default_ttl", "128"), ("net.ipv4.tcp_timestamps", "0"),
                    ("net.ipv4.tcp_rmem", "4096 131072 12582912")]
        case .linuxPC:
            return []
        case .phone:
            return [("net.ipv4.tcp_rmem", "4096 87380 4194304")]
        case .embedded:
            return [("net.ipv4.tcp_sack", "0"), ("net.ipv4.tcp_timestamps", "0"), ("net.ipv4.tcp_window_scaling", "0"),
                    ("net.ipv4.tcp_rmem", "4096 5840 65536")]
        }
    }

    public var initialTTL: Int { self == .windowsLike ? 128 : 64 }

    public var os: OSFamily {
        switch self {
        case .windowsLike: return .windows
        case .linuxPC: return .linux
        case .phone: return .mobile
        case .embedded: return .embeddedLinux
        }
    }

    /// With `tcp_timestamps=1` (the default) Linux gives each connection a random timestamp offset (seen in
    /// the lab: a phone's SYNs 60 ms apart carry unrelated TSvals); off, there are none.
    public var timestamps: String {
        sysctls.contains { $0 == ("net.ipv4.tcp_timestamps", "0") } ? "none" : "per-connection-random"
    }
}
