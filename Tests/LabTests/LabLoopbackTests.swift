import BotCensusTesting
import Foundation
import Testing
@testable import Lab
#if canImport(Glibc)
import Glibc
#endif

/// The reduced lab, which needs no root: households on 127.0.1.K, each host's stack what a socket can set.
/// Runs everywhere; it shows what it can (per-socket TTL, MSS and window; device UIs; churn by address) and
/// `lab up` says what it cannot.
@Suite struct LabLoopbackTests {
    @Test func theReducedLabSendsFromItsHouseholdsAddressesWithEachStacksSocketSettings() throws {
        let folder = temporaryDirectory("lab-loopback")
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.path
        let up = try botcensus(["lab", "up", "--loopback", "--out", out, "--households", "12"])
        try #require(up.status == 0, "lab up: \(up.stderr)")
        defer { _ = try? botcensus(["lab", "down", "--out", out]) }
        #expect(up.stderr.contains("no real NAT") && up.stderr.contains("no TTL decrement") && up.stderr.contains("no kernel-wide settings"))

        let casePath = out + "/case.db"
        let trap = try BackgroundProcess(try botcensusBinary(), ["trap", "--case", casePath, "--hostname", "trap.lab",
                                                                "--listen", "127.0.0.1:0", "--log-level", "warning"], in: folder)
        try trap.wait(until: { trap.stdout.contains("SIGTERM or Ctrl-C stops it") }, seconds: 60, what: "the trap listening")
        let port = try #require(trap.stdout.split(separator: "\n").compactMap { line -> Int? in
            guard line.hasPrefix("listening on 127.0.0.1:") else { return nil }
            return Int(line.dropFirst("listening on 127.0.0.1:".count).prefix { $0.isNumber })
        }.first)
        let send = try botcensus(["lab", "send", "--out", out, "--trap", "127.0.0.1:\(port)"])
        kill(trap.process.processIdentifier, SIGTERM)
        #expect(try trap.waitForExit(seconds: 60) == 0)
        #expect(send.status == 0, "lab send: \(send.stderr)")

        var world = LabWorld.builtIn(households: 12)
        world.loopback = true
        let planned = world.infectedHosts.count * world.messagesPerPhase * world.phases
        let sent = lines(of: out + "/messages.jsonl").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(sent.count == planned)

        // Each message's SYN: from its household's address of that phase, with its host's socket TTL and MSS.
        let rows = try run(URL(fileURLWithPath: "/usr/bin/sqlite3"), [casePath, """
            SELECT m.queue_id, y.ip, y.raw_sig FROM trap_messages m JOIN events e ON e.id = m.event_id JOIN syns y ON y.id = e.syn_id
            """]).stdout.split(separator: "\n").map { $0.split(separator: "|").map(String.init) }
        let byQueue = Dictionary(uniqueKeysWithValues: rows.filter { $0.count == 3 }.map { ($0[0], ($0[1], $0[2])) })
        let hosts = Dictionary(uniqueKeysWithValues: world.households.flatMap(\.hosts).map { ($0.id, $0) })
        for m in sent {
            guard let queueID = m["queue_id"] as? String, let host = hosts[m["host"] as? String ?? ""], let phase = m["phase"] as? Int,
                  let (ip, sig) = byQueue[queueID] else { Issue.record("no SYN for \(m)"); continue }
            let fields = sig.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            let options = LabLoopback.socketOptions(host.stack)
            #expect(ip == world.wanAddress(household: host.household, phase: phase), "\(host.id)")
            #expect(fields[1] == "\(options.ttl)+0", "\(host.id): \(sig)")
            #expect(fields[3] == "\(options.mss ?? 0)", "\(host.id): \(sig)")
        }

        // The UIs answer on the households' addresses, and `lab down --out` ends them.
        let probe = try botcensus(["probe", "--case", casePath, "--scope", "127.0.1.0/24", "--modules", "http,telnet,rtsp,upnp"])
        expectEveryServiceReached(probe.stderr, world: world)
        let answering = world.households.compactMap(\.answering)
        #expect(try botcensus(["attribute", "--case", casePath]).status == 0)
        let evaluation = try botcensus(["evaluate", "--case", casePath, "--truth", out + "/truth.json", "--format", "json"])
        let scored = try #require(try JSONSerialization.jsonObject(with: Data(evaluation.stdout.utf8)) as? [String: Any])
        let falseIoT = try #require((scored["classification"] as? [String: Any])?["false_iot"] as? [String: Any])
        #expect(falseIoT["count"] as? Int == 0)
        let down = try botcensus(["lab", "down", "--out", out])
        #expect(down.stdout.contains("ended \(answering.count) device UIs"), "\(down.stdout)")
        #expect(processes(mentioning: out).isEmpty, "still running: \(processes(mentioning: out))")
    }
}

/// Processes whose command line names `text` (a test's own folder): what a lab left running.
func processes(mentioning text: String) -> [Int32] {
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    return entries.compactMap(Int32.init).filter { pid in
        guard let bytes = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return false }
        return String(decoding: bytes, as: UTF8.self).contains(text)
    }
}

/// The probe's summary line (`N answered, M identified`) against the world: every service the answering
/// devices offer is reached, and every web page and telnet banner (which our signatures name) is identified.
/// RTSP on cameras and DVRs and UPnP on routers answer too, unnamed.
func expectEveryServiceReached(_ summary: String, world: LabWorld, sourceLocation: SourceLocation = #_sourceLocation) {
    let answering = world.households.compactMap(\.answering)
    let named = answering.count + answering.filter { $0.cls != .camera }.count
    let services = named + answering.filter { $0.cls == .camera || $0.cls == .dvr }.count + answering.filter(\.isRouter).count
    let counts = summary.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
    #expect(counts.contains("\(services) answered"), "\(summary)", sourceLocation: sourceLocation)
    let identified = counts.first { $0.hasSuffix(" identified") }.flatMap { Int($0.split(separator: " ")[0]) } ?? 0
    #expect(identified >= named, "\(summary)", sourceLocation: sourceLocation)
}
