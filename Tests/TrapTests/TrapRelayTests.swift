import BotCensusTesting
import Foundation
import Testing

/// A trap behind the operator's own Postfix (a private instance this test starts and stops): the sender is
/// the one Postfix's Received header names, and the message relayed to the trap and the same message in
/// Postfix's log, imported into the same case, are one event.
@Suite(.serialized) struct TrapRelayTests {
    @Test(.enabled(if: TestEnvironment.isRoot || TestEnvironment.inCI, "a private Postfix instance needs root"))
    func aRelayedMessageAndTheRelaysLogLineCountOnce() throws {
        try #require(TestEnvironment.isRoot, "CI runs the tests as root (.ci/run)")
        let trap = try RunningTrap(["--trusted-relays", "127.0.0.2/32"], ipv6: false)
        let relay = temporaryDirectory("postfix-relay")
        let relayScript = packageRoot.appendingPathComponent("scripts/postfix-relay.sh").path
        let port = 20_000 + Int(getpid() % 20_000)
        let started = try run(try tool("bash"), [relayScript, "start", relay.path, "\(port)", "\(trap.smtpPort)"])
        try #require(started.status == 0, "postfix-relay.sh start: \(started.stdout) \(started.stderr)")
        defer { _ = try? run(try tool("bash"), [relayScript, "stop", relay.path]) }
        for n in 1...3 {
            let sent = try run(try tool("swaks"), ["--server", "127.0.0.1:\(port)", "--local-interface", "127.0.0.9",
                                                   "--to", "user\(n)@victim.example", "--from", "x@spam.example",
                                                   "--helo", "infected.example", "--header", "Subject: relayed \(n)"])
            #expect(sent.status == 0, "swaks to Postfix: \(sent.stdout)")
        }
        let waited = try run(try tool("bash"), [relayScript, "wait", relay.path, "3", "60"])
        try #require(waited.status == 0, "Postfix did not relay: \(waited.stdout) \(waited.stderr)")
        // The trap names the outside sender, with Postfix's queue id (rows follow the 250 within moments).
        try trap.waitForRows("SELECT count(*) FROM events WHERE kind = 'message'", count: 3)
        let relayed = try trap.sql("SELECT ip, helo, subject FROM events WHERE kind = 'message' ORDER BY subject")
        #expect(relayed == ["127.0.0.9|infected.example|relayed 1", "127.0.0.9|infected.example|relayed 2",
                            "127.0.0.9|infected.example|relayed 3"], "\(relayed)")
        // The relay's own connection is not a sender: no event, no SYN as evidence.
        #expect(try trap.count("SELECT count(*) FROM events WHERE ip = '127.0.0.2'") == 0)
        #expect(try trap.count("SELECT count(*) FROM syns WHERE ip = '127.0.0.2'") == 0)
        #expect(try trap.count("SELECT count(*) FROM trap_sessions WHERE ip = '127.0.0.2' AND syn_status LIKE 'captured (a trusted relay%'") == 3)
        // Postfix's log into the same case while the trap runs: its client= lines are the same three messages.
        let imported = try botcensus(["import", "--case", trap.casePath, relay.appendingPathComponent("maillog").path])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(try trap.count("SELECT count(*) FROM events WHERE kind = 'message'") == 3)
        let queueIDs = try trap.sql("SELECT queue_id FROM events WHERE kind = 'message' ORDER BY queue_id")
        let log = try String(contentsOf: relay.appendingPathComponent("maillog"), encoding: .utf8)
        for id in queueIDs { #expect(log.contains("\(id): client=unknown[127.0.0.9]"), "\(id) in Postfix's log") }
        try trap.stop()
        // And the other order: the log first, then the trap's messages (a second trap start on a fresh case).
        let second = try RunningTrap(["--trusted-relays", "127.0.0.2/32"], ipv6: false)
        let first = try botcensus(["import", "--case", second.casePath, relay.appendingPathComponent("maillog").path])
        #expect(first.status == 0)
        let restart = try run(try tool("bash"), [relayScript, "stop", relay.path])
        #expect(restart.status == 0)
        // Re-deliver the same three messages to the second trap as Postfix would (same Received header).
        for queueID in try trap.sql("SELECT queue_id FROM trap_messages") {
            let body = try trap.message(queueID)
            let c = try SMTPTestClient(port: second.smtpPort, source: "127.0.0.2")
            _ = try c.ask("EHLO relay.test"); _ = try c.ask("MAIL FROM:<x@spam.example>"); _ = try c.ask("RCPT TO:<u@victim.example>")
            _ = try c.ask("DATA")
            #expect(try c.ask(body.replacingOccurrences(of: "\r\n.", with: "\r\n..") + ".").hasPrefix("250 2.0.0 Ok: queued as"))
        }
        try second.stop()
        #expect(try second.count("SELECT count(*) FROM events WHERE kind = 'message'") == 3)
        #expect(try second.count("SELECT count(*) FROM trap_messages") == 3)
    }
}
