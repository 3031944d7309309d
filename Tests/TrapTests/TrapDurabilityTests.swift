import BotCensusTesting
import Foundation
import Testing

/// Postfix's promise, tested the hard way: smtplib clients deliver over many connections while the trap is
/// killed with SIGKILL at different moments; after each restart on the same case and spool, every message a
/// client saw accepted (`250 … queued as ID`, logged and fsynced by the client at once) is in the case with its
/// spool file whole, nothing is in the case twice, and files never acknowledged are set aside, not counted.
@Suite(.serialized) struct TrapDurabilityTests {
    @Test(.timeLimit(.minutes(5))) func killNineUnderLoadLosesNoAcknowledgedMessageAndDuplicatesNone() throws {
        let folder = temporaryDirectory("trap-durability")
        var acked: [String: String] = [:]    // queue id -> Message-ID, as the clients saw them accepted
        // Killed after this many acknowledgements in each round: early, in full flow, later still.
        for (round, killAfter) in [25, 120, 260].enumerated() {
            let trap = try RunningTrap(["--log-level", "warning"], folder: folder, ipv6: false)
            let ackFile = folder.appendingPathComponent("acked-\(round).tsv").path
            let load = try BackgroundProcess(try tool("python3"), [
                packageRoot.appendingPathComponent("scripts/trap-load.py").path, "127.0.0.1", "\(trap.smtpPort)",
                "--messages", "100000", "--threads", "16", "--size", "3000", "--duration-limit", "90", "--ack-file", ackFile,
            ], in: folder)
            try load.wait(until: { lines(of: ackFile).count >= killAfter }, seconds: 90, what: "\(killAfter) acknowledgements")
            try trap.crash()
            // The clients see refused connections and stop by themselves.
            try load.waitForExit(seconds: 60)
            for line in lines(of: ackFile) {
                let parts = line.split(separator: "\t").map(String.init)
                try #require(parts.count == 2, "ack file line: \(line)")
                #expect(acked.updateValue(parts[1], forKey: parts[0]) == nil, "queue id \(parts[0]) acknowledged twice")
            }
        }
        // A last run, stopped gracefully: it must read the case the crashes left, and take mail as before.
        let trap = try RunningTrap(["--log-level", "warning"], folder: folder, ipv6: false)
        let finalAcks = folder.appendingPathComponent("acked-final.tsv").path
        let load = try BackgroundProcess(try tool("python3"), [
            packageRoot.appendingPathComponent("scripts/trap-load.py").path, "127.0.0.1", "\(trap.smtpPort)",
            "--messages", "40", "--threads", "4", "--ack-file", finalAcks,
        ], in: folder)
        #expect(try load.waitForExit(seconds: 60) == 0)
        #expect(lines(of: finalAcks).count == 40, "\(load.stdout) \(load.stderr)")
        for line in lines(of: finalAcks) {
            let parts = line.split(separator: "\t").map(String.init)
            acked[parts[0]] = parts[1]
        }
        try trap.stop()
        #expect(trap.stdout.contains("trap stopped:"))

        // Every acknowledged message is in the case, with the bytes its row names (a segment record or a file
        // of its own) whole: their SHA-256 is the one recorded at acceptance, and they are the message sent.
        let inCase = try trap.storedMessages()
        let lost = acked.keys.filter { inCase[$0] == nil }.sorted()
        #expect(lost.isEmpty, "acknowledged but not in the case: \(lost.prefix(10))")
        #expect(acked.count >= 25 + 120 + 260 + 40)
        for (queueID, messageID) in acked {
            guard let stored = inCase[queueID] else { continue }
            #expect(stored.actual == stored.recorded, "\(queueID): stored bytes differ from their recorded SHA-256")
            #expect(String(decoding: stored.bytes, as: UTF8.self).contains("Message-ID: \(messageID)"), "\(queueID) is not the message \(messageID)")
        }

        // Nothing twice: one message event per trap message, and no Message-ID in two of them.
        let events = try trap.count("""
            SELECT count(*) FROM events e JOIN imports i ON i.id = e.import_id WHERE i.format = 'trap' AND e.kind = 'message'
            """)
        #expect(events == inCase.count)
        #expect(try trap.count("SELECT count(DISTINCT event_id) FROM trap_messages") == inCase.count)
        var seen: [String: String] = [:]
        for (queueID, stored) in inCase {
            guard let id = messageID(in: stored.bytes) else { Issue.record("\(queueID) has no Message-ID"); continue }
            if let other = seen.updateValue(queueID, forKey: id) { Issue.record("\(id) is in the case twice: \(other) and \(queueID)") }
        }

        // The spool holds exactly the committed messages (each segment's records, read by their own framing,
        // are committed ones or were copied aside at a restart); what was never acknowledged is set aside.
        let spool = trap.spoolPath
        let aside = try FileManager.default.contentsOfDirectory(atPath: spool + "/unacknowledged")
        var asideIDs = Set(aside.filter { $0.hasSuffix(".eml") }.map { String($0.dropLast(".eml".count)) })
        // A record torn by a kill during its write (the write of a few KB into the page cache can be cut short)
        // is kept whole as `NAME.seg.tail`: never acknowledged, never counted.
        for tail in aside where tail.hasSuffix(".seg.tail") {
            let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: spool + "/unacknowledged/" + tail)), as: UTF8.self)
            for line in text.components(separatedBy: "\r\n") where line.hasPrefix("BOTCENSUS-SPOOL ") {
                asideIDs.insert(String(line.split(separator: " ")[1]))
            }
        }
        for queueID in asideIDs {
            #expect(inCase[queueID] == nil && acked[queueID] == nil, "\(queueID) was set aside but is counted")
        }
        var recorded = Set<String>()
        let segments = spool + "/segments"
        for name in try FileManager.default.contentsOfDirectory(atPath: segments) where name.hasSuffix(".seg") {
            let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: segments + "/" + name)), as: UTF8.self)
            for line in text.components(separatedBy: "\r\n") where line.hasPrefix("BOTCENSUS-SPOOL ") {
                recorded.insert(String(line.split(separator: " ")[1]))
            }
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: spool + "/messages").map { String($0.dropLast(".eml".count)) }
        #expect(recorded.union(files).subtracting(asideIDs) == Set(inCase.keys))
        print("trap durability: \(acked.count) acknowledged over 3 kills, \(inCase.count) in the case, \(aside.count) set aside, none lost")
    }
}
