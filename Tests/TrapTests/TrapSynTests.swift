import BotCensusTesting
import Foundation
import Testing

/// The trap's SYN is the sender's SYN: connections from sockets with their own TTL, MSS and receive buffer
/// (scripts/trap-syn-sources.py) over IPv4 and IPv6, captured meanwhile by tcpdump on lo and read by real
/// `p0f -r`. For every connection the trap's stored SYN (raw_sig, label, distance) is the one p0f reports
/// from the capture, and its TCP timestamp is kept as a clock sample.
@Suite(.serialized) struct TrapSynTests {
    @Test(.enabled(if: TestEnvironment.isRoot || TestEnvironment.inCI, "tcpdump on lo needs root"),
          .enabled(if: TestEnvironment.p0fTestsRun, "needs Debian's p0f"), .timeLimit(.minutes(3)))
    func storedSYNsEqualWhatP0fReadsFromACapture() throws {
        try #require(TestEnvironment.isRoot, "CI runs the tests as root (.ci/run)")
        let trap = try RunningTrap(["--log-level", "warning"])
        let folder = trap.folder
        let pcap = folder.appendingPathComponent("syns.pcap").path
        // Only the clients' SYNs (IPv6's flags read at their fixed offset: loopback has no extension headers);
        // tcpdump stops by itself after the 16 it should see, and -U has written each one by then.
        // (pcap's `and` and `or` bind alike, left to right: the parentheses matter.)
        let filter = "(ip and tcp dst port \(trap.smtpPort) and tcp[tcpflags] & (tcp-syn|tcp-ack) == tcp-syn)"
            + " or (ip6 and tcp dst port \(trap.v6Port) and ip6[53] & 0x12 == 0x02)"
        let capture = try BackgroundProcess(try tool("tcpdump"), ["-i", "lo", "-U", "-n", "-c", "16", "-w", pcap, filter], in: folder)
        try capture.wait(until: { capture.stderr.contains("listening on lo") }, seconds: 30, what: "tcpdump listening")
        let v4 = try script("trap-syn-sources.py", ["127.0.0.1", "\(trap.smtpPort)", "--out", folder.appendingPathComponent("v4.json").path])
        let v6 = try script("trap-syn-sources.py", ["::1", "\(trap.v6Port)", "--out", folder.appendingPathComponent("v6.json").path])
        #expect(v4.status == 0 && v6.status == 0, "\(v4.stderr) \(v6.stderr)")
        #expect(try capture.waitForExit(seconds: 30) == 0, "tcpdump: \(capture.stderr)")
        try trap.stop()

        let log = folder.appendingPathComponent("p0f.log").path
        let p0f = try run(try tool("p0f"), ["-f", TestEnvironment.p0fDatabase, "-r", pcap, "-o", log])
        try #require(p0f.status == 0, "p0f -r: \(p0f.stderr)")
        var theirs: [String: P0fLogSyn] = [:]
        for syn in try P0fLogSyn.parseLog(log) {
            // p0f writes ::1 as 0:0:0:0:0:0:0:1.
            theirs[syn.client.replacingOccurrences(of: "0:0:0:0:0:0:0:1/", with: "::1/")] = syn
        }
        let ours = try trap.sql("""
            SELECT s.ip || '/' || s.sport, s.raw_sig, coalesce(s.os_label, '???'), s.dist, t.syn_status
            FROM trap_sessions t LEFT JOIN syns s ON s.id = t.syn_id ORDER BY t.started
            """)
        #expect(ours.count == 16, "\(ours)")
        #expect(theirs.count == 16, "p0f read \(theirs.count) SYNs")
        for row in ours {
            let f = row.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            #expect(f[4] == "captured", "\(row)")
            guard let p = theirs[f[0]] else { Issue.record("p0f saw no SYN from \(f[0])"); continue }
            #expect(f[1] == p.rawSig, "\(f[0]): trap \(f[1]), p0f \(p.rawSig)")
            #expect(f[2] == (p.label ?? "???"), "\(f[0]): trap \(f[2]), p0f \(p.label ?? "???")")
            #expect(f[3] == p.dist, "\(f[0]): dist trap \(f[3]), p0f \(p.dist)")
        }
        // The variants differ where they were made to (TTL, MSS, window scale): 8 distinct signatures per family.
        #expect(Set(ours.map { $0.split(separator: "|")[1] }).count == 16)
        // Each SYN's TCP timestamp is a clock sample, and each connection event carries its SYN.
        #expect(try trap.count("SELECT count(*) FROM tcp_clock") == 16)
        #expect(try trap.count("SELECT count(*) FROM events WHERE kind = 'connection' AND syn_id IS NOT NULL") == 16)
    }
}
