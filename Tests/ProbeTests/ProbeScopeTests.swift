import BotCensusCore
import Foundation
import Probe
import Testing

/// The scope decides before any socket: outside it nothing is probed; the reserved ranges stay closed unless
/// the scope names a range inside them; a ZMap blocklist wins over the scope; bad entries name their line.
@Suite struct ProbeScopeTests {
    func ip(_ text: String) -> IPAddress { IPAddress(text)! }

    @Test func reservedRangesStayClosedUnlessTheScopeNamesThem() throws {
        let world = try ProbeScope(scope: "0.0.0.0/0,::/0")
        for reserved in ["10.1.2.3", "127.0.0.1", "192.168.1.1", "172.20.0.1", "100.64.1.1", "169.254.1.1", "192.0.2.7",
                         "198.18.0.5", "198.51.100.1", "203.0.113.9", "224.0.0.251", "239.255.255.250", "240.0.0.1",
                         "255.255.255.255", "0.1.2.3", "::1", "fe80::1", "fc00::1", "fd12::1", "ff02::1", "2001:db8::1", "::ffff:10.0.0.1"] {
            guard case .blocked = world.decide(ip(reserved)) else { Issue.record("\(reserved) is not blocked by the default blocklist"); continue }
        }
        #expect(world.decide(ip("8.8.8.8")) == .permitted)
        #expect(world.decide(ip("2606:4700::1111")) == .permitted)
        // Naming a range inside a reserved one opens just that range.
        let loopback = try ProbeScope(scope: "127.0.0.0/8")
        #expect(loopback.decide(ip("127.0.0.1")) == .permitted)
        #expect(loopback.decide(ip("127.45.6.7")) == .permitted)
        #expect(loopback.decide(ip("10.0.0.1")) == .outOfScope)
        #expect(loopback.decide(ip("8.8.8.8")) == .outOfScope)
        let lab = try ProbeScope(scope: "198.18.0.0/24")
        #expect(lab.decide(ip("198.18.0.9")) == .permitted)
        #expect(lab.decide(ip("198.18.1.9")) == .outOfScope)
        // A scope wider than the reserved range does not open it.
        let wide = try ProbeScope(scope: "198.0.0.0/8")
        guard case .blocked = wide.decide(ip("198.18.0.9")) else { Issue.record("198.18/15 opened by a /8 scope"); return }
        #expect(wide.decide(ip("198.1.2.3")) == .permitted)
        #expect(try ProbeScope(scope: "::1").decide(ip("::1")) == .permitted)
    }

    @Test func aZMapBlocklistWinsOverTheScope() throws {
        let list = try ZMapBlocklist(text: "# ours\n127.0.0.5/32  # the trap itself\n\n127.0.1.0/24\r\n2001:db8::/32\n", name: "list.conf")
        #expect(list.networks.count == 3)
        let scope = try ProbeScope(scope: "127.0.0.0/8", blocklist: list)
        guard case .blocked = scope.decide(ip("127.0.0.5")) else { Issue.record("127.0.0.5 not blocked"); return }
        guard case .blocked = scope.decide(ip("127.0.1.77")) else { Issue.record("127.0.1.77 not blocked"); return }
        #expect(scope.decide(ip("127.0.0.6")) == .permitted)
    }

    @Test func badEntriesNameTheirLineOrArgument() {
        #expect(throws: ZMapBlocklist.LineError.self) { try ZMapBlocklist(text: "10.0.0.0/8\n10.0.0.0/33\n", name: "b.conf") }
        do {
            _ = try ZMapBlocklist(text: "10.0.0.0/8\nnot-a-net\n", name: "b.conf")
        } catch { #expect("\(error)" == "b.conf:2: 'not-a-net' is not a network (CIDR) or address") }
        #expect(throws: ProbeScope.ScopeError.self) { try ProbeScope(scope: "127.0.0.0/8,example.com") }
        #expect(throws: ProbeScope.ScopeError.self) { try ProbeScope(scope: "") }
    }

    @Test func networksContainWhatTheySay() {
        let n = IPNetwork("192.0.2.128/25")!
        #expect(n.contains(IPAddress("192.0.2.200")!) && !n.contains(IPAddress("192.0.2.1")!))
        #expect(IPNetwork("192.0.2.0/24")!.contains(n) && !n.contains(IPNetwork("192.0.2.0/24")!))
        #expect(IPNetwork("2001:db8::/32")!.contains(IPAddress("2001:db8:ffff::1")!))
        #expect(!IPNetwork("2001:db8::/32")!.contains(IPAddress("10.0.0.1")!))
        #expect(IPNetwork("10.0.0.0/33") == nil && IPNetwork("10.0.0/8") == nil)
        #expect(IPNetwork("10.0.0.0/8")!.size == 16_777_216)
    }
}
