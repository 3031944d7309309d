import BotCensusTesting
import Foundation
import Ingest
import Trap
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Many traps, one case (docs/DEPLOY.md): three `botcensus trap` processes on three loopback addresses write
/// one PostgreSQL case under load while two `probe --follow` shards probe their senders into it and `census` reads it.
/// One trap is killed with SIGKILL and restarted on its spool; the database is stopped for a while and started
/// again. Every message a client saw accepted is in the case once, says which trap took it, and the census
/// counts the traps as the three separate traps they are.
@Suite(.serialized, .enabled(if: PrivatePostgres.testsRun, "PostgreSQL is not installed (scripts/setup.sh installs it)"))
struct ManyTrapsTests {
    struct Acked { var queueID: String; var messageID: String; var trap: String }

    static func acks(_ path: String, trap: String) throws -> [Acked] {
        try lines(of: path).map { line in
            let parts = line.split(separator: "\t").map(String.init)
            guard parts.count == 2 else { throw TestFailure("\(path): ack line '\(line)'") }
            return Acked(queueID: parts[0], messageID: parts[1], trap: trap)
        }
    }

    /// The load of one trap: `messages` over 6 threads from `sources`, acknowledgements into `ackFile`.
    static func load(_ trap: RunningTrap, address: String, messages: Int, sources: ClosedRange<Int>, ackFile: String) throws -> BackgroundProcess {
        try BackgroundProcess(try tool("python3"), [
            packageRoot.appendingPathComponent("scripts/trap-load.py").path, address, "\(trap.smtpPort)", "--messages", "\(messages)",
            "--threads", "6", "--size", "1500", "--duration-limit", "120", "--ack-file", ackFile,
            "--sources", sources.map { "127.0.1.\($0)" }.joined(separator: ","),
        ], in: trap.folder)
    }

    @Test(.enabled(if: TestEnvironment.isRoot || TestEnvironment.inCI, "PostgreSQL's server runs as Debian's postgres user"),
          .timeLimit(.minutes(6)))
    func threeTrapsOneCaseLoseAndDoubleNothingThroughACrashAndADatabaseOutage() throws {
        try #require(TestEnvironment.isRoot, "CI runs the tests as root (.ci/run)")
        let server = try PrivatePostgres()
        let url = try server.createDatabase("traps")
        let names = ["trap-a", "trap-b", "trap-c"], addresses = ["127.0.0.61", "127.0.0.62", "127.0.0.63"]
        let folders = names.map { temporaryDirectory($0) }
        func start(_ i: Int) throws -> RunningTrap {
            try RunningTrap(["--log-level", "error", "--name", names[i]], folder: folders[i], ipv6: false, address: addresses[i], caseURL: url)
        }
        var traps = try (0..<3).map(start)
        // Overlapping sender sets: most senders reach two or three traps, some one.
        let sources = [1...16, 5...20, 9...24]
        // One sender's device answers the prober (on its own address, as a camera or router would).
        let device = try LoopbackWebServer(address: "127.0.1.5", server: "GoAhead-Webs", title: "NETGEAR Router R7000", in: folders[0])
        defer { withExtendedLifetime(device) {} }
        // Two probers share the senders (`--follow` with shards).
        let probes = try (0..<2).map { shard in
            try BackgroundProcess(try botcensusBinary(), [
                "probe", "--follow", "--case", url, "--scope", "127.0.0.0/8", "--modules", "http", "--ports", "\(device.port)",
                "--shards", "2", "--shard", "\(shard)", "--duration", "240",
                "--output", folders[0].appendingPathComponent("follow-\(shard).jsonl").path,
            ], in: folders[0])
        }
        for probe in probes { try probe.wait(until: { probe.stderr.contains("following") }, seconds: 60, what: "a prober following the case") }

        var ackFiles: [(path: String, trap: String)] = []
        var loads: [BackgroundProcess] = []
        for i in 0..<3 {
            let path = folders[i].appendingPathComponent("acked-0.tsv").path
            ackFiles.append((path, names[i]))
            loads.append(try Self.load(traps[i], address: addresses[i], messages: 1500, sources: sources[i], ackFile: path))
        }
        // trap-b dies in full flow and comes back on its spool.
        try loads[1].wait(until: { lines(of: ackFiles[1].path).count >= 150 }, seconds: 120, what: "150 acknowledgements by trap-b")
        try traps[1].crash()
        _ = try loads[1].waitForExit(seconds: 60)
        traps[1] = try start(1)
        #expect(traps[1].stdout.contains("trap trap-b writing to \(url)"), "\(traps[1].stdout)")
        // The database goes away under load: the traps go on acknowledging (their spool is the durable form)
        // and catch up once it is back.
        let path = folders[1].appendingPathComponent("acked-1.tsv").path
        ackFiles.append((path, names[1]))
        try server.stop()
        loads[1] = try Self.load(traps[1], address: addresses[1], messages: 600, sources: sources[1], ackFile: path)
        try loads[1].wait(until: { lines(of: path).count >= 300 }, seconds: 120, what: "trap-b acknowledging while the database is down")
        let duringOutage = lines(of: path).count
        try server.start()
        for load in loads { #expect(try load.waitForExit(seconds: 180) == 0, "\(load.stderr)") }

        var acked: [String: Acked] = [:]
        for file in ackFiles {
            for a in try Self.acks(file.path, trap: file.trap) {
                #expect(acked.updateValue(a, forKey: a.queueID) == nil, "queue id \(a.queueID) acknowledged twice")
            }
        }
        // The case catches up: every acknowledged message's row arrives.
        let deadline = Date().addingTimeInterval(120)
        while Int(try server.value("traps", "SELECT count(*) FROM trap_messages")) ?? 0 < acked.count && Date() < deadline { usleep(200_000) }
        // A reader while the traps still run.
        let census = try botcensus(["census", "--case", url, "--format", "json"])
        #expect(census.status == 0, "\(census.stderr)")
        for probe in probes {
            kill(probe.process.processIdentifier, SIGTERM)
            #expect(try probe.waitForExit(seconds: 60) == 0, "\(probe.stderr)")
        }
        for trap in traps { #expect(try trap.stop() == 0, "\(trap.stderr)") }

        // Every acknowledged message is in the case once, taken by the trap its client spoke to, with its bytes whole.
        var inCase: [String: (trap: String, spool: String, offset: Int?, size: Int, sha256: String)] = [:]
        for row in try server.value("traps", """
            SELECT m.queue_id, s.trap, m.spool, coalesce(m.spool_offset::text, ''), m.size, m.sha256
            FROM trap_messages m JOIN trap_sessions s ON s.id = m.session_id
            """).split(separator: "\n") {
            let f = row.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            #expect(inCase.updateValue((f[1], f[2], Int(f[3]), Int(f[4]) ?? -1, f[5]), forKey: f[0]) == nil, "\(f[0]) twice in the case")
        }
        let lost = acked.keys.filter { inCase[$0] == nil }.sorted()
        #expect(lost.isEmpty, "acknowledged but not in the case: \(lost.count), e.g. \(lost.prefix(5))")
        var wrongTrap = 0, badBytes = 0
        var messageIDs: [String: String] = [:]
        for (queueID, stored) in inCase {
            if let a = acked[queueID], a.trap != stored.trap { wrongTrap += 1 }
            let bytes = try Spool.messageBytes(path: stored.spool, offset: stored.offset, size: stored.size)
            var digest = ContentDigest()
            digest.update(bytes)
            if digest.finalize() != stored.sha256 { badBytes += 1 }
            guard let id = messageID(in: bytes) else { Issue.record("\(queueID) has no Message-ID"); continue }
            if let a = acked[queueID] { #expect(a.messageID == id, "\(queueID) is not the message \(a.messageID)") }
            if let other = messageIDs.updateValue(queueID, forKey: id) { Issue.record("\(id) is in the case twice: \(other) and \(queueID)") }
        }
        #expect(wrongTrap == 0 && badBytes == 0, "\(wrongTrap) messages named the wrong trap, \(badBytes) with bytes not as recorded")
        // Only the killed trap may hold more than its clients saw acknowledged (a message made durable just
        // before the kill, whose 250 never left): never the others.
        for name in ["trap-a", "trap-c"] {
            #expect(inCase.values.filter { $0.trap == name }.count == acked.values.filter { $0.trap == name }.count, "\(name)")
        }
        #expect(try server.value("traps", "SELECT count(*) FROM events WHERE kind = 'message'") == "\(inCase.count)")
        #expect(try server.value("traps", "SELECT count(DISTINCT trap) FROM trap_sessions") == "3")
        #expect(try server.value("traps", "SELECT count(*) FROM imports WHERE format = 'trap'") == "4", "three traps, one restarted")

        // The census counts three traps; the prober's observation of the sender's device is in the same case.
        let after = try botcensus(["census", "--case", url, "--format", "json"])
        let object = try JSONSerialization.jsonObject(with: Data(after.stdout.utf8)) as? [String: Any]
        let recapture = object?["capture_recapture"] as? [String: Any]
        #expect(recapture?["traps"] as? Int == 3, "\(after.stdout.prefix(600)) \(after.stderr)")
        #expect(try server.value("traps", "SELECT count(*) FROM observations WHERE ip = '127.0.1.5'") != "0", "\(probes[0].stderr) \(probes[1].stderr)")
        // A PostgreSQL case has no folder: the probers' batch files are `./DB.probe-…` where they run.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folders[0].path).contains { $0.hasPrefix("traps.probe-") })
        // Each sender was probed by one of the two probers, and all 24 were.
        let probed = try (0..<2).map { shard in
            Set(try lines(of: folders[0].appendingPathComponent("follow-\(shard).jsonl").path).map { line in
                try #require((try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["ip"] as? String)
            })
        }
        #expect(probed[0].isDisjoint(with: probed[1]) && probed[0].union(probed[1]) == Set((1...24).map { "127.0.1.\($0)" }),
                "shard 0 \(probed[0].sorted()), shard 1 \(probed[1].sorted())")
        print("many traps: \(acked.count) acknowledged by 3 traps (one killed, \(duringOutage) while the database was down), "
              + "\(inCase.count) in the case, none lost or doubled")
    }
}
