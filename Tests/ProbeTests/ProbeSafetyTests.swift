import BotCensusTesting
import Foundation
import Testing

/// The proof the issue asks for: a case whose senders are mostly outside the scope (public, private, CGN,
/// documentation, benchmarking, multicast, IPv6) is probed under strace, and the only connect/sendto the
/// process makes to any IP address is to the loopback service in scope.
@Suite(.serialized) struct ProbeSafetyTests {
    @Test(.enabled(if: TestEnvironment.isRoot || TestEnvironment.inCI, "strace of a child needs ptrace rights"), .timeLimit(.minutes(3)))
    func targetsOutsideTheScopeProduceNoSyscall() throws {
        let folder = temporaryDirectory("probe-safety")
        // A loopback service in scope.
        let web = try LoopbackWebServer(address: "127.0.0.1", server: "scope-test", title: "in scope", in: folder)
        defer { withExtendedLifetime(web) {} }
        let port = web.port
        // The case: senders from everywhere, one of them loopback.
        let senders = ["8.8.8.8", "10.1.2.3", "192.168.1.20", "100.64.0.9", "198.18.0.7", "203.0.113.5", "224.0.0.251",
                       "2001:4860::8888", "fd00::5", "127.0.0.1"]
        let log = senders.enumerated().map { i, ip in
            "Dec  4 10:00:0\(i) mx postfix/smtpd[\(100 + i)]: connect from unknown[\(ip)]"
        }.joined(separator: "\n") + "\n"
        let logPath = folder.appendingPathComponent("mail.log").path
        try log.write(toFile: logPath, atomically: true, encoding: .utf8)
        let casePath = folder.appendingPathComponent("case.db").path
        let imported = try botcensus(["import", "--case", casePath, "--year", "2026", "--timezone", "utc", logPath])
        try #require(imported.status == 0, "\(imported.stderr)")

        let trace = folder.appendingPathComponent("strace.txt").path
        let output = folder.appendingPathComponent("scan.jsonl").path
        let probe = try run(try tool("strace"), ["-f", "-qq", "-e", "trace=connect,sendto,sendmsg,sendmmsg", "-o", trace,
                                                 try botcensusBinary().path, "probe", "--case", casePath, "--scope", "127.0.0.0/8,::1",
                                                 "--ports", "\(port)", "--modules", "http", "--output", output])
        #expect(probe.status == 0, "\(probe.stderr)")
        let addresses = lines(of: trace).flatMap { line -> [String] in
            guard line.contains("connect(") || line.contains("send") else { return [] }
            var found: [String] = []
            for marker in ["inet_addr(\"", "inet_pton(AF_INET6, \""] {
                var rest = Substring(line)
                while let r = rest.range(of: marker) {
                    let tail = rest[r.upperBound...]
                    found.append(String(tail.prefix { $0 != "\"" }))
                    rest = tail
                }
            }
            return found
        }
        #expect(addresses.contains("127.0.0.1"), "the in-scope service was not probed: \(lines(of: trace).prefix(20))")
        let outside = addresses.filter { !$0.hasPrefix("127.") && $0 != "::1" }
        #expect(outside.isEmpty, "syscalls to addresses outside the scope: \(outside)")
        // Every sender is accounted for: one answered, the others named as not probed.
        let records = lines(of: output)
        #expect(records.count == senders.count)
        #expect(records.filter { $0.contains("\"status\":\"blocklisted\"") }.count == senders.count - 1)
        #expect(records.contains { $0.contains("\"ip\":\"127.0.0.1\"") && $0.contains("\"status\":\"success\"") && $0.contains("scope-test") })
        #expect(probe.stderr.contains("9 not sent (outside scope or blocked)"), "\(probe.stderr)")
        // The results went into the case too, with how long after the address's first spam it was probed.
        #expect(probe.stderr.contains("zgrab2: 10 lines, 1 records (1 new)"), "\(probe.stderr)")
        let observations = try botcensus(["export", "observations", "--case", casePath])
        #expect(observations.stdout.contains("\"http.title\":\"in scope\"") && observations.stdout.contains("probe.delay_seconds"), "\(observations.stdout)")
    }
}
