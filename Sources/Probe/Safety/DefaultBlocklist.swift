import BotCensusCore

/// Ranges no probe touches unless the scope names a range inside them explicitly: IANA's special-purpose
/// registries (RFC 6890 and successors) — this-network, private, shared (CGN), loopback, link-local,
/// documentation, benchmarking (198.18.0.0/15), multicast, reserved — and their IPv6 equivalents. ZMap
/// ships the IPv4 part as its default blocklist.
public enum DefaultBlocklist {
    public static let entries: [(network: IPNetwork, reason: String)] = [
        ("0.0.0.0/8", "this network (RFC 791)"),
        ("10.0.0.0/8", "private (RFC 1918)"),
        ("100.64.0.0/10", "shared address space, CGN (RFC 6598)"),
        ("127.0.0.0/8", "loopback (RFC 1122)"),
        ("169.254.0.0/16", "link-local (RFC 3927)"),
        ("172.16.0.0/12", "private (RFC 1918)"),
        ("192.0.0.0/24", "IETF protocol assignments (RFC 6890)"),
        ("192.0.2.0/24", "documentation TEST-NET-1 (RFC 5737)"),
        ("192.88.99.0/24", "6to4 relay anycast (RFC 7526)"),
        ("192.168.0.0/16", "private (RFC 1918)"),
        ("198.18.0.0/15", "benchmarking (RFC 2544)"),
        ("198.51.100.0/24", "documentation TEST-NET-2 (RFC 5737)"),
        ("203.0.113.0/24", "documentation TEST-NET-3 (RFC 5737)"),
        ("224.0.0.0/4", "multicast (RFC 5771)"),
        ("240.0.0.0/4", "reserved (RFC 1112)"),
        ("255.255.255.255/32", "limited broadcast (RFC 919)"),
        ("::/128", "unspecified (RFC 4291)"),
        ("::1/128", "loopback (RFC 4291)"),
        ("::ffff:0:0/96", "IPv4-mapped (RFC 4291)"),
        ("64:ff9b::/96", "IPv4/IPv6 translation (RFC 6052)"),
        ("64:ff9b:1::/48", "local-use translation (RFC 8215)"),
        ("100::/64", "discard-only (RFC 6666)"),
        ("2001::/23", "IETF protocol assignments (RFC 2928)"),
        ("2001:db8::/32", "documentation (RFC 3849)"),
        ("2002::/16", "6to4 (RFC 3056)"),
        ("3fff::/20", "documentation (RFC 9637)"),
        ("fc00::/7", "unique local (RFC 4193)"),
        ("fe80::/10", "link-local (RFC 4291)"),
        ("ff00::/8", "multicast (RFC 4291)"),
    ].map { (IPNetwork($0.0)!, $0.1) }
}
