import BotCensusTesting
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The trap on a real socket, spoken to byte by byte: pipelined batches, BDAT, malformed and over-long
/// commands, AUTH, limits, timeouts and the graceful stop.
@Suite(.serialized) struct TrapSessionTests {
    @Test func pipelinedBatchesAreAnsweredInOrderAndDataIsUnstuffed() throws {
        let trap = try RunningTrap()
        let c = try SMTPTestClient(port: trap.smtpPort, greeting: false)
        #expect(try c.answer() == "220 trap.test ESMTP")
        try c.send("EHLO bot.example\r\n")
        let ehlo = try c.reply()
        #expect(ehlo.first == "250-trap.test" && ehlo.contains("250-PIPELINING") && ehlo.last == "250 CHUNKING")
        // One batch: a good MAIL, a good RCPT, a bad RCPT, DATA. Four answers, in that order.
        try c.send("MAIL FROM:<spammer@bot.example>\r\nRCPT TO:<victim@trap.test>\r\nRCPT TO:\r\nDATA\r\n")
        #expect(try c.answer() == "250 2.0.0 Ok")
        #expect(try c.answer() == "250 2.0.0 Ok")
        #expect(try c.answer() == "501 5.5.4 Syntax: RCPT TO:<address>")
        #expect(try c.answer() == "354 End data with <CR><LF>.<CR><LF>")
        try c.send("Subject: unstuffed\r\nMessage-ID: <one@bot.example>\r\n\r\n..leading dot\r\nlast line\r\n.\r\n")
        let queued = try c.answer()
        #expect(queued.hasPrefix("250 2.0.0 Ok: queued as "))
        let queueID = String(queued.dropFirst("250 2.0.0 Ok: queued as ".count))
        // BDAT, pipelined with its envelope: the chunk bytes are counted, not parsed.
        try c.send("MAIL FROM:<b@bot.example>\r\nRCPT TO:<v@trap.test>\r\nBDAT 20\r\nSubject: chunked\r\n\r\nBDAT 7 LAST\r\nhello\r\n")
        #expect(try c.answer() == "250 2.0.0 Ok")
        #expect(try c.answer() == "250 2.0.0 Ok")
        #expect(try c.answer() == "250 2.0.0 Ok: 20 bytes")
        #expect(try c.answer().hasPrefix("250 2.0.0 Ok: queued as "))
        #expect(try c.ask("QUIT") == "221 2.0.0 Bye")
        try trap.stop()

        let body = try trap.message(queueID)
        #expect(body == "Subject: unstuffed\r\nMessage-ID: <one@bot.example>\r\n\r\n.leading dot\r\nlast line\r\n")
        let events = try trap.sql("SELECT subject, helo, message_id FROM events WHERE kind = 'message' ORDER BY id")
        #expect(events == ["unstuffed|bot.example|one@bot.example", "chunked|bot.example|"], "\(events)")
        let chunked = try trap.sql("SELECT queue_id FROM trap_messages WHERE queue_id != '\(queueID)'")
        #expect(try trap.message(try #require(chunked.first)) == "Subject: chunked\r\n\r\nhello\r\n")
    }

    @Test func malformedAndOverlongCommandsGetTheir5xxAndTheSessionGoesOn() throws {
        let trap = try RunningTrap()
        let c = try SMTPTestClient(port: trap.smtpPort)
        #expect(try c.ask("HELO") == "501 5.5.4 Syntax: EHLO hostname")
        #expect(try c.ask("MAIL FROM:<no-end") == "501 5.5.4 Syntax: MAIL FROM:<address>")
        #expect(try c.ask("RCPT TO:<a@b>") == "503 5.5.1 Error: need MAIL command")
        #expect(try c.ask("WHAT IS THIS") == "502 5.5.2 Error: command not recognized")
        #expect(try c.ask("VRFY root").hasPrefix("252 2.0.0"))
        #expect(try c.ask("HELP").hasPrefix("214 2.0.0"))
        #expect(try c.ask(String(repeating: "X", count: 10_000)) == "500 5.5.2 Error: line too long")
        #expect(try c.ask("NOOP") == "250 2.0.0 Ok")
        #expect(try c.ask("EHLO again.example").hasSuffix("CHUNKING"))
        #expect(try c.ask("QUIT") == "221 2.0.0 Bye")
        try trap.stop()
        #expect(try trap.count("SELECT count(*) FROM trap_sessions WHERE helo = 'again.example' AND close_reason = 'quit'") == 1)
    }

    @Test func authAttemptsAreRefusedAndTheirUserNamesRecorded() throws {
        let trap = try RunningTrap()
        let c = try SMTPTestClient(port: trap.smtpPort)
        _ = try c.ask("EHLO bot")
        #expect(try c.ask("AUTH PLAIN AGJvdABodW50ZXIy") == "535 5.7.8 Error: authentication failed: authentication failure")
        #expect(try c.ask("AUTH LOGIN") == "334 VXNlcm5hbWU6")
        #expect(try c.ask("YWRtaW4=") == "334 UGFzc3dvcmQ6")
        #expect(try c.ask("c2VjcmV0").hasPrefix("535 5.7.8"))
        _ = try c.ask("QUIT")
        let metrics = try trap.metrics()
        try trap.stop()
        #expect(try trap.sql("SELECT auth FROM trap_sessions WHERE auth IS NOT NULL") == [#"["bot","admin"]"#])
        #expect(metrics.contains(#"botcensus_trap_rejects_total{reason="auth"} 2"#))
        // The secret never reaches the case.
        let dump = try run(try tool("sqlite3"), [trap.casePath, ".dump"])
        #expect(!dump.stdout.contains("hunter2") && !dump.stdout.contains("secret"))
    }

    @Test func sizeRecipientAndSessionLimitsRefuseWithTheRightCodes() throws {
        let trap = try RunningTrap(["--max-size", "2000", "--max-recipients", "2", "--per-ip", "2", "--max-sessions", "3"])
        let c = try SMTPTestClient(port: trap.smtpPort)
        _ = try c.ask("EHLO bot")
        #expect(try c.ask("MAIL FROM:<a@b> SIZE=5000") == "552 5.3.4 Message size exceeds fixed limit (2000 bytes)")
        #expect(try c.ask("MAIL FROM:<a@b>") == "250 2.0.0 Ok")
        _ = try c.ask("RCPT TO:<1@t>"); _ = try c.ask("RCPT TO:<2@t>")
        #expect(try c.ask("RCPT TO:<3@t>") == "452 4.5.3 Error: too many recipients")
        #expect(try c.ask("DATA").hasPrefix("354"))
        try c.send(String(repeating: "0123456789012345678901234567890123456789\r\n", count: 100) + ".\r\n")
        #expect(try c.answer() == "552 5.3.4 Message size exceeds fixed limit (2000 bytes)")
        #expect(try c.ask("NOOP") == "250 2.0.0 Ok")
        // A second session from 127.0.0.1 is allowed, a third is not; another address takes the last slot.
        let second = try SMTPTestClient(port: trap.smtpPort)
        let third = try SMTPTestClient(port: trap.smtpPort, greeting: false)
        #expect(try third.answer() == "421 4.7.0 Error: too many connections from your address")
        #expect(third.isClosedByServer())
        let other = try SMTPTestClient(port: trap.smtpPort, source: "127.0.0.7")
        let fourth = try SMTPTestClient(port: trap.smtpPort, source: "127.0.0.8", greeting: false)
        #expect(try fourth.answer() == "421 4.7.0 Error: too many connections")
        let metrics = try trap.metrics()
        for reason in ["size\"} 2", "recipients\"} 1", "per-ip\"} 1", "sessions\"} 1"] {
            #expect(metrics.contains("botcensus_trap_rejects_total{reason=\"\(reason)"), "\(reason) in \(metrics)")
        }
        _ = (second, other)
        try trap.stop()
        #expect(try trap.count("SELECT count(*) FROM trap_messages") == 0)
        #expect(try trap.sql("SELECT 1 FROM trap_sessions").count == 3)
    }

    @Test func slowClientsTimeOutInEveryState() throws {
        let trap = try RunningTrap(["--command-timeout", "1", "--data-timeout", "1"])
        let idle = try SMTPTestClient(port: trap.smtpPort)
        let inData = try SMTPTestClient(port: trap.smtpPort)
        _ = try inData.ask("EHLO slow"); _ = try inData.ask("MAIL FROM:<a@b>"); _ = try inData.ask("RCPT TO:<c@d>")
        #expect(try inData.ask("DATA").hasPrefix("354"))
        try inData.send("Subject: never finished\r\n")
        // A greeting never read by the client (TLS handshake never started) times out too.
        let silentTLS = try SMTPTestClient(port: trap.tlsPort, greeting: false)
        #expect(try idle.answer() == "421 4.4.2 Error: timeout exceeded")
        #expect(idle.isClosedByServer())
        #expect(try inData.answer() == "421 4.4.2 Error: timeout exceeded")
        #expect(silentTLS.isClosedByServer())
        try trap.stop()
        let reasons = try trap.sql("SELECT close_reason FROM trap_sessions ORDER BY started")
        #expect(reasons == Array(repeating: "Error: timeout exceeded", count: 3), "\(reasons)")
        #expect(try trap.count("SELECT count(*) FROM trap_messages") == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: trap.spoolPath + "/messages").isEmpty)
        #expect(try trap.storedMessages().isEmpty)
    }

    @Test func sigtermLetsTheMessageInProgressFinishAndStartsNoNewSession() throws {
        let trap = try RunningTrap()
        let idle = try SMTPTestClient(port: trap.smtpPort)
        let sending = try SMTPTestClient(port: trap.smtpPort)
        _ = try sending.ask("EHLO busy"); _ = try sending.ask("MAIL FROM:<a@b>"); _ = try sending.ask("RCPT TO:<c@d>")
        #expect(try sending.ask("DATA").hasPrefix("354"))
        try sending.send("Subject: in flight\r\n\r\nfirst half\r\n")
        kill(trap.process.processIdentifier, SIGTERM)
        #expect(try idle.answer() == "421 4.3.2 Service shutting down, closing transmission channel")
        usleep(300_000)
        // The listeners are closed: nobody new gets in.
        #expect(throws: (any Error).self) { _ = try SMTPTestClient(port: trap.smtpPort) }
        try sending.send("second half\r\n.\r\n")
        #expect(try sending.answer().hasPrefix("250 2.0.0 Ok: queued as "))
        #expect(try sending.answer() == "421 4.3.2 Service shutting down, closing transmission channel")
        #expect(try trap.stop() == 0)
        #expect(trap.stdout.contains("trap stopped: 2 sessions (2 with their SYN), 1 messages"))
        #expect(try trap.sql("SELECT subject FROM events WHERE kind = 'message'") == ["in flight"])
    }
}
