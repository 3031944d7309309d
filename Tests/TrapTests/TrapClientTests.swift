import BotCensusTesting
import Foundation
import Testing

/// The trap with the clients senders and operators really use: swaks (plain, STARTTLS, pipelining, implicit
/// TLS, IPv6, AUTH), Postfix's smtp-source under load, and the analysis commands reading the case meanwhile.
@Suite(.serialized) struct TrapClientTests {
    func swaks(_ arguments: [String]) throws -> CommandResult {
        try run(try tool("swaks"), ["--to", "victim@trap.test", "--from", "bot@spam.example", "--timeout", "20"] + arguments)
    }

    @Test func swaksDeliversPlainStartTLSPipelinedImplicitTLSAndIPv6() throws {
        let trap = try RunningTrap()
        let runs: [(String, [String])] = [
            ("plain", ["--server", "127.0.0.1:\(trap.smtpPort)"]),
            ("starttls", ["--server", "127.0.0.1:\(trap.smtpPort)", "--tls"]),
            ("pipelined", ["--server", "127.0.0.1:\(trap.smtpPort)", "--pipeline"]),
            ("implicit", ["--server", "127.0.0.1:\(trap.tlsPort)", "--tlsc"]),
            ("ipv6", ["--server", "::1", "--port", "\(trap.v6Port)", "-6"]),
        ]
        for (name, arguments) in runs {
            let result = try swaks(arguments + ["--header", "Subject: swaks \(name)", "--helo", "\(name).bot.example"])
            #expect(result.status == 0, "swaks \(name): \(result.stdout) \(result.stderr)")
            #expect(result.stdout.contains("<- 250 2.0.0 Ok: queued as") || result.stdout.contains("<~ 250 2.0.0 Ok: queued as")
                    || result.stdout.contains("<~  250 2.0.0 Ok: queued as") || result.stdout.contains("<-  250 2.0.0 Ok: queued as"),
                    "swaks \(name): \(result.stdout)")
        }
        // A client that authenticates is refused like a real server refuses it; its user name is kept.
        let auth = try swaks(["--server", "127.0.0.1:\(trap.smtpPort)", "-a", "LOGIN", "-au", "postmaster", "-ap", "guess"])
        #expect(auth.status != 0 && auth.stdout.contains("535 5.7.8"))
        try trap.stop()
        let rows = try trap.sql("""
            SELECT e.subject, e.helo, e.ip, coalesce(s.tls, 'plain'), s.syn_status, e.syn_id IS NOT NULL
            FROM events e JOIN trap_messages m ON m.event_id = e.id JOIN trap_sessions s ON s.id = m.session_id ORDER BY e.id
            """)
        #expect(rows == [
            "swaks plain|plain.bot.example|127.0.0.1|plain|captured|1",
            "swaks starttls|starttls.bot.example|127.0.0.1|TLSv1.3 starttls|captured|1",
            "swaks pipelined|pipelined.bot.example|127.0.0.1|plain|captured|1",
            "swaks implicit|implicit.bot.example|127.0.0.1|TLSv1.3 implicit|captured|1",
            "swaks ipv6|ipv6.bot.example|::1|plain|captured|1",
        ], "\(rows)")
        #expect(try trap.sql("SELECT auth FROM trap_sessions WHERE auth IS NOT NULL") == [#"["postmaster"]"#])
        // Every message is in the spool, whole: its SHA-256 is the one the case recorded.
        let stored = try trap.storedMessages()
        #expect(stored.count == 5)
        for (queueID, message) in stored { #expect(message.actual == message.recorded, "\(queueID)") }
        // The self-signed certificate was made on first start, for the trap's hostname.
        #expect(trap.stdout.contains("(self-signed, made now)"))
        #expect(FileManager.default.fileExists(atPath: trap.spoolPath + "/tls/self-signed.pem"))
    }

    @Test func smtpSourceLoadIsAcceptedInFullWhileTheCaseIsRead() throws {
        let trap = try RunningTrap(["--log-level", "warning"])
        let load = Process()
        load.executableURL = try tool("smtp-source")
        load.arguments = ["-s", "10", "-m", "400", "-l", "2000", "-f", "bot@spam.example", "-t", "victim@trap.test",
                          "-M", "bot.example", "127.0.0.1:\(trap.smtpPort)"]
        try load.run()
        // While the trap writes, analysts read the case.
        var reads = 0
        while load.isRunning || reads < 2 {
            let census = try botcensus(["census", "--case", trap.casePath, "--format", "json"])
            #expect(census.status == 0, "census while the trap runs: \(census.stderr)")
            let export = try botcensus(["export", "events", "--case", trap.casePath])
            #expect(export.status == 0, "export while the trap runs: \(export.stderr)")
            reads += 1
        }
        load.waitUntilExit()
        #expect(load.terminationStatus == 0)
        let metrics = try trap.metrics()
        try trap.stop()
        #expect(try trap.count("SELECT count(*) FROM trap_messages") == 400)
        #expect(try trap.count("SELECT count(*) FROM events WHERE kind = 'message' AND syn_id IS NOT NULL") == 400)
        #expect(try trap.count("SELECT count(DISTINCT queue_id) FROM events WHERE kind = 'message'") == 400)
        #expect(metrics.contains("botcensus_trap_messages_total 400"))
        #expect(metrics.contains("botcensus_trap_syn_capture_ratio 1.0"))
        #expect(metrics.contains("botcensus_trap_durable_write_seconds_count 400"))
        #expect(trap.stdout.contains("trap stopped: 400 sessions (400 with their SYN), 400 messages"))
        // The analysis sees what the trap wrote: one sending address, 400 messages.
        let census = try botcensus(["census", "--case", trap.casePath])
        #expect(census.status == 0 && census.stdout.hasPrefix("1 sending addresses, 400 messages"), "\(census.stdout)")
    }
}
