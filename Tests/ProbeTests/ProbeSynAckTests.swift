import BotCensusTesting
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// What answered at the TCP level: two ports of one address served by sockets with different MSS and
/// receive buffers answer with different SYN+ACKs; the prober's reading of each (packet socket, root) is
/// the `raw_sig` real `p0f -r` prints for the same SYN+ACKs captured by tcpdump meanwhile.
@Suite(.serialized) struct ProbeSynAckTests {
    @Test(.enabled(if: TestEnvironment.isRoot || TestEnvironment.inCI, "a packet socket and tcpdump need root"),
          .enabled(if: TestEnvironment.p0fTestsRun, "needs Debian's p0f"), .timeLimit(.minutes(3)))
    func twoStacksOnOneAddressShowInTheirSynAcks() throws {
        try #require(TestEnvironment.isRoot, "CI runs the tests as root (.ci/run)")
        let folder = temporaryDirectory("probe-synack")
        // Two HTTP listeners on 127.0.0.49: one with the kernel's defaults, one with a small MSS and buffer.
        let servers = try BackgroundProcess(try tool("python3"), ["-c", """
            import socket, threading, time
            def serve(mss, rcvbuf):
                s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                if mss: s.setsockopt(socket.IPPROTO_TCP, socket.TCP_MAXSEG, mss)
                if rcvbuf: s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
                s.bind(("127.0.0.49", 0)); s.listen(16)
                def run():
                    while True:
                        c, _ = s.accept(); c.settimeout(5)
                        try:
                            c.recv(4096); body = b"<title>stack</title>"
                            c.sendall(b"HTTP/1.0 200 OK\\r\\nServer: stack\\r\\nContent-Length: %d\\r\\n\\r\\n" % len(body) + body)
                        except OSError: pass
                        c.close()
                threading.Thread(target=run, daemon=True).start()
                return s.getsockname()[1]
            print(serve(None, None), serve(536, 4096), flush=True)
            time.sleep(120)
            """], in: folder)
        try servers.wait(until: { servers.stdout.contains(" ") }, seconds: 20, what: "the listeners' ports")
        let ports = servers.stdout.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)
        try #require(ports.count == 2, "the listeners printed \(servers.stdout)")
        let pcap = folder.appendingPathComponent("synack.pcap").path
        // The SYNs and SYN+ACKs of the four connections: http opens two per port, `GET /` and the favicon
        // (p0f reads a SYN+ACK only after its SYN).
        // Only these two ports: other suites run meanwhile and some of them send from loopback addresses too.
        let filter = "tcp and host 127.0.0.49 and (port \(ports[0]) or port \(ports[1])) and tcp[tcpflags] & tcp-syn != 0"
        let capture = try BackgroundProcess(try tool("tcpdump"), ["-i", "lo", "-U", "-n", "-c", "8", "-w", pcap, filter], in: folder)
        try capture.wait(until: { capture.stderr.contains("listening on lo") }, seconds: 30, what: "tcpdump listening")
        let targets = folder.appendingPathComponent("targets.txt").path
        try ports.map { "127.0.0.49,\($0),http" }.joined(separator: "\n").write(toFile: targets, atomically: true, encoding: .utf8)
        let output = folder.appendingPathComponent("scan.jsonl").path
        let probe = try botcensus(["probe", "--targets", targets, "--scope", "127.0.0.0/8", "--output", output, "--retries", "0"])
        #expect(probe.status == 0, "\(probe.stderr)")
        #expect(try capture.waitForExit(seconds: 30) == 0)

        var ours: [String: String] = [:]
        for line in lines(of: output) {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            let http = (object?["data"] as? [String: Any])?["http"] as? [String: Any]
            #expect(http?["status"] as? String == "success", "\(line.prefix(300))")
            let port = "\(object?["port"] ?? "")"
            ours[port] = (http?["synack"] as? [String: Any])?["raw_sig"] as? String
        }
        let log = folder.appendingPathComponent("p0f.log").path
        let p0f = try run(try tool("p0f"), ["-f", TestEnvironment.p0fDatabase, "-r", pcap, "-o", log])
        try #require(p0f.status == 0, "\(p0f.stderr)")
        var theirs: [String: String] = [:]
        for line in lines(of: log) where line.contains("mod=syn+ack") {
            var fields: [String: String] = [:]
            for part in line.split(separator: "|") {
                if let eq = part.firstIndex(of: "=") { fields[String(part[..<eq]).components(separatedBy: " ").last!] = String(part[part.index(after: eq)...]) }
            }
            if let server = fields["srv"], let raw = fields["raw_sig"] { theirs[String(server.split(separator: "/").last!)] = raw }
        }
        #expect(ours.count == 2 && theirs.count == 2, "ours \(ours), p0f \(theirs)")
        for port in ports { #expect(ours[port] == theirs[port], "port \(port): ours \(ours[port] ?? "none"), p0f \(theirs[port] ?? "none")") }
        #expect(Set(ours.values).count == 2, "the two stacks answered alike: \(ours)")
    }
}
