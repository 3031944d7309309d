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
        // The segment is readable without the case: each record names its queue id and size.
        let segment = try String(contentsOfFile: first.spool, encoding: .utf8)
        #expect(segment.hasPrefix("BOTCENSUS-SPOOL \(ids["first"]!) 25\r\nSubject: first\r\n\r\nhello\r\n\r\nBOTCENSUS-SPOOL \(ids["second"]!) 26\r\n"))
        // An unknown queue id is one clear line and a non-zero exit.
        let missing = try botcensus(["message", "--case", trap.casePath, "NOSUCHID"])
        #expect(missing.status != 0 && missing.stderr.contains("no trapped message with queue id 'NOSUCHID'"))
    }

    @Test func recordsNoRowNamesAndATornTailAreSetAsideOnceAtStart() throws {
        let folder = temporaryDirectory("trap-spool")
        let segments = folder.appendingPathComponent("case.db.spool/segments")
        try FileManager.default.createDirectory(at: segments, withIntermediateDirectories: true)
        // What a crash leaves: a whole record the case never committed, then one torn in its write.
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
