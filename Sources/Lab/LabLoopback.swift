/// The reduced lab, for machines where we are not root: no namespaces, so no NAT, no TTL decrement and no
/// kernel-wide stack settings. Each household is a loopback address (127.0.1.K) its hosts bind their outbound
/// sockets to, and each host's stack is what a socket can set on its own: its TTL, its MSS and its receive
/// buffer (which sets the window and its scale). Device UIs listen on the household's address on unprivileged
/// ports (8080 for the web, 2323 for telnet, 8554 for RTSP: ports the prober tries by default; UPnP keeps
/// 1900 and 5000).
public enum LabLoopback {
    /// What this lab cannot show, said by `lab up --loopback` and in docs/LAB.md.
    public static let limits = """
        reduced lab on loopback (no root): no real NAT (hosts bind to their household's 127.0.1.K address), \
        no TTL decrement (a SYN shows its host's initial TTL), no kernel-wide settings (timestamps, SACK and \
        window scaling stay on for every host; only TTL, MSS and receive buffer are set per socket)
        """

    public static let webPort = 8080
    public static let telnetPort = 2323
    public static let rtspPort = 8554

    /// Per-socket settings standing in for the stack: (TTL, MSS, receive buffer).
    public static func socketOptions(_ stack: LabStack) -> (ttl: Int, mss: Int?, receiveBuffer: Int?) {
        switch stack {
        case .windowsLike: return (128, 1460, 65536)
        case .linuxPC: return (64, 1460, nil)
        case .phone: return (64, 1400, 87380)
        case .embedded: return (64, 1360, 5840)
        }
    }
}
