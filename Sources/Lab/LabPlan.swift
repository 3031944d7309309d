/// The commands that build and change the lab's network, apart from running them (so they can be read and
/// tested without root). Names: `bclab-i` the Internet, `bclab-r<k>` household k's router (the router
/// device itself lives there), `bclab-h<k>-<n>` its hosts. Everything the lab makes is inside those
/// namespaces, so deleting them removes every link, address and rule.
public enum LabPlan {
    public struct Step: Sendable, Equatable {
        public var arguments: [String]
        /// Text given on standard input (an nft ruleset).
        public var input: String?
        public init(_ arguments: [String], input: String? = nil) { self.arguments = arguments; self.input = input }
    }

    public static let prefix = "bclab-"
    public static let internet = "bclab-i"
    /// The trap's address in the Internet namespace; routers' public addresses are 198.18.1.k in the same /16.
    public static let trapAddress = "198.18.0.25"
    public static func routerNamespace(_ household: Int) -> String { "bclab-r\(household)" }
    public static func namespace(of host: LabWorld.Host) -> String {
        host.isRouter ? routerNamespace(host.household) : "bclab-h\(host.household)-\(host.index)"
    }

    /// How `arguments` (a program found on PATH, and its arguments) runs as `host`: inside its namespace, or,
    /// in the reduced lab, as a plain process.
    public static func command(_ arguments: [String], as host: LabWorld.Host, in world: LabWorld) -> (executable: String, arguments: [String]) {
        world.loopback ? ("/usr/bin/env", arguments) : ("/usr/sbin/ip", ["netns", "exec", namespace(of: host)] + arguments)
    }

    /// Every namespace of the world, Internet first.
    public static func namespaces(_ world: LabWorld) -> [String] {
        [internet] + world.households.flatMap { h in h.hosts.map(namespace(of:)) }
    }

    static func ip(_ ns: String, _ args: String...) -> Step { Step(["ip", "-n", ns] + args) }
    static func newNamespace(_ ns: String) -> [Step] { [Step(["ip", "netns", "add", ns]), ip(ns, "link", "set", "lo", "up")] }
    static func sysctls(_ ns: String, _ pairs: [(String, String)]) -> [Step] {
        pairs.isEmpty ? [] : [Step(["ip", "netns", "exec", ns, "sysctl", "-qw"] + pairs.map { "\($0.0)=\($0.1)" })]
    }

    /// The household router's rules: masquerade what leaves by the WAN; forward port 80 to the device whose
    /// UI answers; clamp forwarded SYNs' MSS on a PPPoE-like line.
    public static func routerRules(_ household: LabWorld.Household) -> String {
        var rules = """
            table ip lab {
              chain postrouting { type nat hook postrouting priority srcnat; oifname "wan0" masquerade; }

            """
        if let device = household.answering, !device.isRouter {
            // Port 80 to the device's UI and 554 to its RTSP; 23 too for a DVR (its telnet, as Mirai found them).
            let ports = device.cls == .camera ? "{ 80, 554 }" : "{ 80, 23, 554 }"
            rules += "  chain prerouting { type nat hook prerouting priority dstnat; iifname \"wan0\" tcp dport \(ports) dnat to \(device.lanAddress); }\n"
        }
        if let mss = household.clampMSS {
            rules += "  chain forward { type filter hook forward priority filter; tcp flags syn tcp option maxseg size set \(mss); }\n"
        }
        return rules + "}\n"
    }

    public static func up(_ world: LabWorld) -> [Step] {
        var steps = newNamespace(internet)
        steps += [ip(internet, "link", "add", "br0", "type", "bridge"),
                  ip(internet, "addr", "add", "\(trapAddress)/16", "dev", "br0"),
                  ip(internet, "link", "set", "br0", "up")]
        for household in world.households {
            let k = household.index, r = routerNamespace(k)
            steps += newNamespace(r)
            steps += sysctls(r, [("net.ipv4.ip_forward", "1")] + household.router.stack.sysctls)
            steps += [ip(r, "link", "add", "wan0", "type", "veth", "peer", "name", "r\(k)", "netns", internet),
                      ip(internet, "link", "set", "r\(k)", "master", "br0", "up"),
                      ip(r, "addr", "add", "\(world.wanAddress(household: k, phase: 1))/16", "dev", "wan0"),
                      ip(r, "link", "set", "wan0", "up"),
                      ip(r, "link", "add", "lan", "type", "bridge"),
                      ip(r, "addr", "add", "\(household.router.lanAddress)/24", "dev", "lan"),
                      ip(r, "link", "set", "lan", "up"),
                      Step(["ip", "netns", "exec", r, "nft", "-f", "-"], input: routerRules(household))]
            for host in household.hosts where !host.isRouter {
                let ns = namespace(of: host)
                steps += newNamespace(ns)
                steps += sysctls(ns, host.stack.sysctls)
                steps += [ip(ns, "link", "add", "eth0", "type", "veth", "peer", "name", "v\(host.index)", "netns", r),
                          ip(r, "link", "set", "v\(host.index)", "master", "lan", "up"),
                          ip(ns, "addr", "add", "\(host.lanAddress)/24", "dev", "eth0"),
                          ip(ns, "link", "set", "eth0", "up"),
                          ip(ns, "route", "add", "default", "via", household.router.lanAddress)]
            }
        }
        return steps
    }

    /// Before `phase`: each household takes the public address it has in that phase; the Internet forgets
    /// the old neighbours (the addresses now answer from other routers).
    public static func churn(_ world: LabWorld, phase: Int) -> [Step] {
        var steps: [Step] = []
        for (a, b) in world.churnPairs {
            for k in [a, b] where k <= world.households.count {
                let r = routerNamespace(k)
                steps += [ip(r, "addr", "flush", "dev", "wan0"),
                          ip(r, "addr", "add", "\(world.wanAddress(household: k, phase: phase))/16", "dev", "wan0")]
            }
        }
        return steps.isEmpty ? [] : steps + [ip(internet, "neigh", "flush", "all")]
    }
}
