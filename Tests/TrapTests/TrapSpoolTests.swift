import BotCensusTesting
import Foundation
import Testing

/// Where the bytes go: small messages as records of a segment file, large ones in a file of their own, and
/// what a crash left half-done set aside at the next start, read by the segment's own framing.
@Suite(.serialized) struct TrapSpoolTests {
    @Test func smallMessagesShareASegmentAndALargeOneGetsItsOwnFile() throws {
        let trap = try RunningTrap(["--log-level", "warning"], ipv6: false)
        let c = try SMTPTestClient(port: trap.smtpPort)
        _ = try c.ask("EHLO bot.example")
        var ids: [String: String] = [:]
        let large = "Subject: large\r\n\r\n" + String(repeating: "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde\r\n", count: 3000)
        for (name, body) in [("first", "Subject: first\r\n\r\nhello\r\n"), ("large", large), ("second", "Subject: second\r\n\r\nagain\r\n")] {
            _ = try c.ask("MAIL FROM:<a@bot.example>"); _ = try c.ask("RCPT TO:<v@trap.test>")
            #expect(try c.ask("DATA").hasPrefix("354"))
            let queued = try c.ask(body + ".")
            #expect(queued.hasPrefix("250 2.0.0 Ok: queued as "), "\(name): \(queued)")
            ids[name] = String(queued.dropFirst("250 2.0.0 Ok: queued as ".count))
        }
        _ = try c.ask("QUIT")
        try trap.stop()

        let rows = try trap.sql("SELECT queue_id, spool, coalesce(spool_offset, 'own file'), size FROM trap_messages")
        var where_: [String: (spool: String, offset: String)] = [:]
        for row in rows {
            let f = row.split(separator: "|").map(String.init)
            where_[f[0]] = (f[1], f[2])
        }
        // The two small ones are records of one segment; the large one (192 KB) streamed into its own file.
        let first = try #require(where_[ids["first"]!]), second = try #require(where_[ids["second"]!])
        #expect(first.spool == second.spool && first.spool.hasSuffix(".seg") && first.offset != "own file")
        #expect(where_[ids["large"]!]?.spool == trap.spoolPath + "/messages/\(ids["large"]!).eml")
        #expect(where_[ids["large"]!]?.offset == "own file")
        // `botcensus message` gives each back byte for byte.
        #expect(try trap.message(ids["first"]!) == "Subject: first\r\n\r\nhello\r\n")
        #expect(try trap.message(ids["second"]!) == "Subject: second\r\n\r\nagain\r\n")
        #expect(try trap.message(ids["large"]!) == large)
        // The segment is readable without the case: each record names its queue id, its size and the size of
        // its description, then the description (one JSON line), then the message.
        let segment = try String(contentsOfFile: first.spool, encoding: .utf8)
        let header = try #require(segment.split(separator: "\r\n", maxSplits: 1).first).split(separator: " ")
        #expect(header.count == 4 && header[0] == "BOTCENSUS-SPOOL" && header[1] == ids["first"]! && header[2] == "25")
        let metaSize = try #require(Int(header[3]))
        let afterHeader = segment.utf8.dropFirst(header.joined(separator: " ").utf8.count + 2)
        let meta = try #require(try JSONSerialization.jsonObject(with: Data(afterHeader.prefix(metaSize))) as? [String: Any])
        #expect(meta["mail_from"] as? String == "a@bot.example" && meta["rcpt"] as? [String] == ["v@trap.test"])
        #expect((meta["session"] as? [String: Any])?["helo"] as? String == "bot.example")
        #expect(String(decoding: afterHeader.dropFirst(metaSize).prefix(27), as: UTF8.self) == "Subject: first\r\n\r\nhello\r\n\r\n")
        // The large one's record names its file and carries no bytes.
        #expect(segment.contains("BOTCENSUS-SPOOL \(ids["large"]!) 0 "))
        #expect(segment.contains("\"file\":\"\(trap.spoolPath)/messages/\(ids["large"]!).eml\""))
        // An unknown queue id is one clear line and a non-zero exit.
        let missing = try botcensus(["message", "--case", trap.casePath, "NOSUCHID"])
        #expect(missing.status != 0 && missing.stderr.contains("no trapped message with queue id 'NOSUCHID'"))
    }

    /// A power loss can take the case's last rows (they are written after the `250`, not synced each time);
    /// the fsynced records are the messages' durable form, so the next start writes the rows from them. Here the
    /// whole case is lost: the rows the trap writes from its spool alone equal the ones it wrote while running.
    @Test func rowsLostAfterTheAcknowledgementAreWrittenFromTheSpoolRecordsAtStart() throws {
        let folder = temporaryDirectory("trap-rebuild")
        let trap = try RunningTrap(["--log-level", "warning"], folder: folder, ipv6: false)
        let c = try SMTPTestClient(port: trap.smtpPort)
        _ = try c.ask("EHLO rebuilt.example")
        #expect(try c.ask("AUTH PLAIN AGFkbWluAHNlY3JldA==").hasPrefix("535"))
        let large = "Subject: large\r\n\r\n" + String(repeating: "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde\r\n", count: 2000)
        for body in ["Subject: one\r\nMessage-ID: <1@bot>\r\n\r\nhello\r\n", large, "Subject: two <b>\r\n\r\nagain\r\n"] {
            _ = try c.ask("MAIL FROM:<a@bot.example>"); _ = try c.ask("RCPT TO:<v@trap.test>"); _ = try c.ask("RCPT TO:<w@trap.test>")
            #expect(try c.ask("DATA").hasPrefix("354"))
            #expect(try c.ask(body + ".").hasPrefix("250 2.0.0 Ok: queued as "))
        }
        _ = try c.ask("QUIT")
        try trap.stop()
        let query = """
            SELECT m.queue_id, m.mail_from, m.rcpt_to, m.size, m.spool, coalesce(m.spool_offset, 'own'), m.sha256, m.received,
                   e.ip, e.time, e.helo, e.subject, e.message_id, e.session, s.helo, s.auth, s.syn_status, y.raw_sig, y.time, y.ip
            FROM trap_messages m JOIN events e ON e.id = m.event_id JOIN trap_sessions s ON s.id = m.session_id
            LEFT JOIN syns y ON y.id = e.syn_id ORDER BY m.queue_id
            """
        let written = try trap.sql(query)
        #expect(written.count == 3)
        let synAtWrite = try trap.sql("SELECT raw_sig FROM syns")
        #expect(synAtWrite.count == 1)

        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: trap.casePath + suffix) }
        let again = try RunningTrap(["--log-level", "warning"], folder: folder, ipv6: false)
        #expect(again.stdout.contains("wrote 3 messages of an earlier run into the case from their spool records"), "\(again.stdout)")
        try again.stop()
        #expect(try again.sql(query) == written)
        #expect(try again.sql("SELECT raw_sig FROM syns") == synAtWrite)
        #expect(try again.count("SELECT count(*) FROM events WHERE kind = 'connection'") == 1)
        for (queueID, stored) in try again.storedMessages() { #expect(stored.actual == stored.recorded, "\(queueID)") }
        #expect(try FileManager.default.contentsOfDirectory(atPath: again.spoolPath + "/unacknowledged").isEmpty)

        // Read once: a third start finds the segments sealed and writes nothing again.
        let third = try RunningTrap(["--log-level", "warning"], folder: folder, ipv6: false)
        #expect(!third.stdout.contains("wrote"), "\(third.stdout)")
        try third.stop()
        #expect(try third.count("SELECT count(*) FROM trap_messages") == 3)
    }

    @Test func recordsNoRowNamesAndATornTailAreSetAsideOnceAtStart() throws {
        let folder = temporaryDirectory("trap-spool")
        let segments = folder.appendingPathComponent("case.db.spool/segments")
        try FileManager.default.createDirectory(at: segments, withIntermediateDirectories: true)
        // What a crash leaves: a whole record of an earlier version (no description) the case never committed,
        // then one torn in its write.
        let orphan = "Subject: never acknowledged\r\n\r\nbody\r\n"
        let torn = "BOTCENSUS-SPOOL TORN1 500\r\nSubject: cut"
        let bytes = "BOTCENSUS-SPOOL ORPHAN1 \(orphan.utf8.count)\r\n\(orphan)\r\n\(torn)"
        try Data(bytes.utf8).write(to: segments.appendingPathComponent("0001.seg"))

        let trap = try RunningTrap(["--log-level", "warning"], folder: folder, ipv6: false)
        #expect(trap.stdout.contains("set aside 1 messages of an earlier run that were never acknowledged"), "\(trap.stdout)")
        try trap.stop()
        let aside = folder.appendingPathComponent("case.db.spool/unacknowledged")
        #expect(try String(contentsOf: aside.appendingPathComponent("ORPHAN1.eml"), encoding: .utf8) == orphan)
        #expect(try String(contentsOf: aside.appendingPathComponent("0001.seg.tail"), encoding: .utf8) == torn)
        #expect(FileManager.default.fileExists(atPath: segments.appendingPathComponent("0001.seg.sealed").path))
        #expect(try trap.count("SELECT count(*) FROM trap_messages") == 0)

        // A second start reads the sealed segment no more.
        let again = try RunningTrap(["--log-level", "warning"], folder: folder, ipv6: false)
        #expect(!again.stdout.contains("set aside"), "\(again.stdout)")
        try again.stop()
    }
}
