import Foundation
import Testing

/// The command-line contract: subcommands, exit statuses, `file:line: reason` on stderr, JSON shapes.
@Suite struct CommandLineTests {
    @Test func helpListsTheContractSubcommands() throws {
        let r = try botcensus(["--help"])
        #expect(r.status == 0)
        for sub in ["import", "attribute", "census", "export", "identify", "demo", "simulate", "evaluate"] { #expect(r.stdout.contains(sub)) }
    }

    @Test func usageErrorsExitTwo() throws {
        #expect(try botcensus(["import"]).status == 2)
        #expect(try botcensus(["frobnicate"]).status == 2)
        let r = try botcensus(["import", "--format", "no-such-format", "x.log"])
        #expect(r.status == 2 && r.stderr.contains("no-such-format"))
        #expect(try botcensus(["export", "bogus"]).status == 2)
    }

    @Test func importAttributeCensusExport() throws {
        let dir = temporaryDirectory()
        let casePath = dir.appendingPathComponent("c.db").path
        let imported = try botcensus(["import", "--case", casePath, "--year", "2025", "--timezone", "utc",
                                      fixture("postfix-classic.log"), fixture("p0f.log"), fixture("zgrab2.jsonl")])
        #expect(imported.status == 0, "\(imported.stderr)")
        // Bad lines are reported with file and line, and the good ones are kept.
        #expect(imported.stderr.contains("postfix-classic.log:14: "))
        #expect(imported.stderr.contains("p0f.log:13: "))
        #expect(imported.stderr.contains("zgrab2.jsonl:5: "))
        #expect(imported.stdout.contains("8 records (8 new)"))

        let again = try botcensus(["import", "--case", casePath, "--year", "2025", fixture("postfix-classic.log")])
        #expect(again.status == 0 && again.stderr.contains("already imported"))

        let attributed = try botcensus(["attribute", "--case", casePath, "--format", "jsonl"])
        #expect(attributed.status == 0)
        let lines = attributed.stdout.split(separator: "\n")
        #expect(lines.count == 3) // three sending addresses in the Postfix fixture
        for line in lines {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            for key in ["ip", "first_seen", "last_seen", "messages", "verdict", "naive_class", "sender_class", "confidence",
                        "class_probabilities", "hosts_behind_ip", "exposed_devices", "evidence"] {
                #expect(object[key] != nil, "verdict lacks \(key)")
            }
        }

        let census = try botcensus(["census", "--case", casePath, "--format", "json"])
        #expect(census.status == 0)
        let c = try #require(try JSONSerialization.jsonObject(with: Data(census.stdout.utf8)) as? [String: Any])
        #expect(c["addresses"] as? Int == 3)
        #expect(c["messages"] as? Int == 3)
        let naive = try #require(c["naive"] as? [String: Any])
        #expect(naive["hosts"] as? Int == 3 && naive["iot_share"] != nil)
        let estimate = try #require(c["estimate"] as? [String: Any])
        for key in ["hosts", "hosts_low", "hosts_high", "iot_share", "iot_share_low", "iot_share_high"] { #expect(estimate[key] != nil) }
        let byClass = try #require(c["by_class"] as? [String: [String: Any]])
        #expect(byClass["pc"]?["low"] != nil && byClass["pc"]?["high"] != nil)

        let events = try botcensus(["export", "events", "--case", casePath, "--format", "jsonl"])
        #expect(events.stdout.split(separator: "\n").count == 8)
        let first = try #require(try JSONSerialization.jsonObject(with: Data(events.stdout.split(separator: "\n")[0].utf8)) as? [String: Any])
        #expect(first["ip"] as? String == "192.0.2.10")
        #expect(first["time"] as? String == "2025-12-31T23:59:57Z")
        #expect((first["source"] as? String)?.hasSuffix("postfix-classic.log:1") == true)
        let syns = try botcensus(["export", "syns", "--case", casePath])
        #expect(syns.stdout.split(separator: "\n").count == 7)
        #expect(syns.stdout.contains("\"ttl\":114"))
    }

    @Test func badInputExitsOneAndKeepsWhatWasAccepted() throws {
        let dir = temporaryDirectory()
        let casePath = dir.appendingPathComponent("c.db").path
        let good = packageRoot.appendingPathComponent("Sources/Workflow/Resources/demo/postfix.log").path
        let r = try botcensus(["import", "--case", casePath, "--strict", "--year", "2026", good, fixture("p0f.log")])
        #expect(r.status == 1)
        #expect(r.stderr.contains("p0f.log:13: "))
        #expect(r.stderr.contains("not imported"))
        // The good file before it stays imported; nothing of the refused file is in the case.
        let events = try botcensus(["export", "events", "--case", casePath])
        #expect(events.stdout.split(separator: "\n").count == 344 * 2)
        let syns = try botcensus(["export", "syns", "--case", casePath])
        #expect(syns.stdout.isEmpty)
        let missing = try botcensus(["import", "--case", casePath, "/nonexistent/trap.log"])
        #expect(missing.status == 1 && missing.stderr.contains("/nonexistent/trap.log"))
    }

    @Test func identifyEscapesHostileBanners() throws {
        let r = try botcensus(["identify", "--field", "http.server", "App-webs/", "evil\u{1B}[2J\u{7}banner"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("Hikvision"))
        #expect(!r.stdout.contains("\u{1B}"))
        #expect(r.stdout.contains("\\x1b[2J"))
        let j = try botcensus(["identify", "--field", "ssh.banner", "--format", "jsonl"], stdin: "SSH-2.0-dropbear_2019.78\nSSH-2.0-OpenSSH_8.9p1 Ubuntu-3ubuntu0.6\n")
        let rows = j.stdout.split(separator: "\n").map { try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        #expect(rows.count == 2)
        #expect(rows[1]["class"] as? String == "server")
        for key in ["input", "field", "class", "vendor", "product", "version", "database", "signature"] { #expect(rows[0][key] != nil) }
    }

    @Test func identifyWithSeveralDatabasesExplainsWhatLost() throws {
        let recog = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/recog/xml").path
        try #require(FileManager.default.fileExists(atPath: recog), "../shared/recog/xml is absent")
        // Stdin, one banner per line, escapes decoded; fields guessed.
        let r = try botcensus(["identify", "--db", "own,recog:\(recog)", "--format", "jsonl", "--explain"],
                              stdin: "220 (vsFTPd 3.0.5)\\r\\n\nSSH-2.0-dropbear_2019.78\nnothing-known/0.0\n")
        #expect(r.status == 0, "\(r.stderr)")
        let rows = r.stdout.split(separator: "\n").map { try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        #expect(rows.count == 3)
        #expect(rows[0]["input"] as? String == "220 (vsFTPd 3.0.5)\r\n")
        #expect(rows[0]["field"] as? String == "ftp.banner")
        #expect(rows[0]["version"] as? String == "3.0.5")
        let answers = try #require(rows[0]["answers"] as? [[String: Any]])
        #expect(Set(answers.compactMap { $0["database"] as? String }) == ["botcensus", "recog"])
        #expect(rows[1]["field"] as? String == "ssh.banner")
        #expect(rows[2]["class"] as? String == "unknown" && rows[2]["database"] is NSNull)

        let table = try botcensus(["identify", "--db", "own,recog:\(recog)", "--explain", "--field", "ssh.banner", "SSH-2.0-OpenSSH_8.9p1 Ubuntu-3ubuntu0.6"])
        #expect(table.stdout.contains("winner: botcensus openssh-ubuntu"))
        #expect(table.stdout.contains("lost:   recog ssh_banners.xml"))
        #expect(table.stdout.contains("later:  botcensus openssh-generic"))

        let z = try botcensus(["identify", "--db", "own", "--zgrab2", fixture("zgrab2.jsonl"), "--format", "jsonl"])
        #expect(z.status == 0 && z.stderr.contains("zgrab2.jsonl:5: "))
        #expect(z.stdout.split(separator: "\n").count == 9)
        #expect(try botcensus(["identify", "--db", "bogus", "x"]).status == 2)
    }

    @Test func simulateImportAttributeEvaluate() throws {
        let dir = temporaryDirectory()
        let world = dir.appendingPathComponent("world").path
        let scenario = packageRoot.appendingPathComponent("scenarios/thingbot-small.json").path
        let sim = try botcensus(["simulate", scenario, "--out", world, "--seed", "3"])
        #expect(sim.status == 0, "\(sim.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: world).sorted()
        #expect(files.contains("truth.json") && files.contains("scan.zgrab2.jsonl"))
        #expect(files.contains("messages.jsonl") && files.contains("trap-1.syn.pcap"))
        // The evidence an investigator has: trap logs, SYN captures, the scan (not the truth files).
        let evidence = files.filter { $0.hasSuffix(".postfix.log") || $0.hasSuffix(".syn.pcap") || $0 == "scan.zgrab2.jsonl" }.map { "\(world)/\($0)" }
        let casePath = dir.appendingPathComponent("c.db").path
        let imported = try botcensus(["import", "--case", casePath, "--db", "own", "--year", "2026", "--timezone", "utc"] + evidence)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(!imported.stderr.contains(": line") && !imported.stdout.contains(" 0 records"))
        let evaluated = try botcensus(["evaluate", "--case", casePath, "--truth", "\(world)/truth.json", "--format", "json"])
        #expect(evaluated.status == 0, "\(evaluated.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(evaluated.stdout.utf8)) as? [String: Any])
        for key in ["classification", "calibration", "host_counts", "census"] { #expect(report[key] != nil, "evaluate lacks \(key)") }
        let table = try botcensus(["evaluate", "--case", casePath, "--truth", "\(world)/truth.json"])
        #expect(table.status == 0 && table.stdout.contains("false"))
        let bad = try botcensus(["evaluate", "--case", casePath, "--truth", "\(world)/nope.json"])
        #expect(bad.status == 1 && bad.stderr.contains("nope.json"))
    }

    @Test func demoRunsWithoutArguments() throws {
        let dir = temporaryDirectory()
        let r = try botcensus(["demo"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("203.0.113.7") && r.stdout.contains("other-host-behind-nat"))
        #expect(r.stdout.contains("naive (2014 method)"))
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("botcensus-demo.db").path))
    }
}
