import BotCensusTesting
import Foundation
import Testing

/// The modules against Debian's own daemons (scripts/probe-daemons.sh: lighttpd, dropbear, busybox telnetd,
/// vsftpd, Postfix's smtp-sink on 127.0.0.1 with private configs): each answers its module, and the banner
/// module's nmap-service-probes reading names the same products nmap -sV names.
@Suite(.serialized) struct ProbeDaemonTests {
    @Test(.enabled(if: TestEnvironment.isRoot || TestEnvironment.inCI, "the daemons start as root and drop privileges"),
          .timeLimit(.minutes(3)))
    func debianDaemonsAnswerTheirModules() throws {
        try #require(TestEnvironment.isRoot, "CI runs the tests as root (.ci/run)")
        let folder = temporaryDirectory("probe-daemons")
        let daemons = folder.appendingPathComponent("daemons").path
        let script = packageRoot.appendingPathComponent("scripts/probe-daemons.sh").path
        // Output into files: the daemons inherit the script's descriptors, and a pipe would never reach its end.
        // Ports from 23000: below the kernel's ephemeral range (32768-60999), which the client sockets of tests
        // running beside this one draw from.
        let start = try BackgroundProcess(URL(fileURLWithPath: "/bin/bash"), [script, "start", daemons, "23000", "127.0.0.1"], in: folder)
        defer { _ = try? BackgroundProcess(URL(fileURLWithPath: "/bin/bash"), [script, "stop", daemons], in: folder).waitForExit(seconds: 30) }
        try #require(try start.waitForExit(seconds: 60) == 0, "probe-daemons.sh start: \(start.stderr)")
        let targets = folder.appendingPathComponent("targets.txt").path
        // Each daemon with its own module and with the nmap-driven banner grab.
        let plan = [(23080, "http"), (23022, "ssh"), (23023, "telnet"), (23021, "ftp"), (23025, "smtp")]
        try (plan.map { "127.0.0.1,\($0.0),\($0.1)" } + plan.map { "127.0.0.1,\($0.0),banner" })
            .joined(separator: "\n").write(toFile: targets, atomically: true, encoding: .utf8)
        let output = folder.appendingPathComponent("scan.jsonl").path
        let probe = try botcensus(["probe", "--targets", targets, "--scope", "127.0.0.0/8", "--output", output])
        #expect(probe.status == 0, "\(probe.stderr)")
        var results: [String: [String: Any]] = [:]
        for line in lines(of: output) {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] ?? [:]
            for (module, value) in object["data"] as? [String: Any] ?? [:] {
                results["\(object["port"]!)/\(module)"] = value as? [String: Any]
            }
        }
        for (port, module) in plan {
            #expect(results["\(port)/\(module)"]?["status"] as? String == "success", "\(module) on \(port): \(results["\(port)/\(module)"] ?? [:])")
        }
        func result(_ key: String) -> [String: Any] { results[key]?["result"] as? [String: Any] ?? [:] }
        func identity(_ key: String) -> String { "\((results[key]?["identity"] as? [String: Any])?["product"] ?? "none")" }
        // lighttpd: its Server header and the page's title, identified.
        let response = result("23080/http")["response"] as? [String: Any]
        #expect(((response?["headers"] as? [String: Any])?["server"] as? [String])?.first == "lighttpd/1.4.69")
        #expect(identity("23080/http").lowercased().contains("lighttpd"), "\(identity("23080/http"))")
        // dropbear: identification and the algorithm lists of its KEXINIT.
        let serverID = result("23022/ssh")["server_id"] as? [String: Any]
        #expect(serverID?["software"] as? String == "dropbear_2022.83")
        let kex = result("23022/ssh")["server_key_exchange"] as? [String: Any]
        #expect((kex?["kex_algorithms"] as? [String])?.contains("curve25519-sha256") == true, "\(kex ?? [:])")
        #expect((kex?["host_key_algorithms"] as? [String])?.isEmpty == false)
        #expect(identity("23022/ssh").lowercased().contains("dropbear"), "\(identity("23022/ssh"))")
        // busybox telnetd: negotiation answered, then the login prompt.
        #expect((result("23023/telnet")["banner"] as? String)?.contains("login: ") == true, "\(result("23023/telnet"))")
        // vsftpd and smtp-sink: greeting, EHLO capabilities.
        #expect((result("23021/ftp")["banner"] as? String)?.hasPrefix("220 (vsFTPd 3.0.3)") == true)
        #expect(identity("23021/ftp").lowercased().contains("vsftpd"), "\(identity("23021/ftp"))")
        #expect((result("23025/smtp")["ehlo"] as? String)?.contains("250") == true, "\(result("23025/smtp"))")
        // The banner grab names products as nmap -sV does (nmap: vsftpd 3.0.3, Dropbear sshd 2022.83, lighttpd 1.4.69).
        func nmap(_ port: Int) -> [String: Any] { result("\(port)/banner")["nmap"] as? [String: Any] ?? [:] }
        #expect(nmap(23021)["product"] as? String == "vsftpd" && nmap(23021)["version"] as? String == "3.0.3", "\(nmap(23021))")
        #expect(nmap(23022)["product"] as? String == "Dropbear sshd" && nmap(23022)["version"] as? String == "2022.83", "\(nmap(23022))")
        #expect(nmap(23080)["product"] as? String == "lighttpd", "\(nmap(23080))")
        #expect(nmap(23025)["service"] as? String == "smtp", "\(nmap(23025))")
    }
}
