import Analysis
import BotCensusCore
import Report
import Foundation
import Lab
import Store
import Workflow
#if canImport(Glibc)
import Glibc
#endif

/// `botcensus demo --live`: the whole story on real kernels. Lab up (the built-in world), the trap in the
/// Internet namespace, the hosts' spam phase by phase, the reactive probe, lab down; then attribute and
/// census, scored against the lab's truth beside the 2014 method. Keeps the case, truth.json,
/// messages.jsonl and the trap's and probe's logs in the folder, so `evaluate` can score it again.
enum LiveDemo {
    static let households = 24

    static func run(folder: String, casePath: String?, say: (String) -> Void) throws -> String {
        try LabNetwork.requireRoot()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let casePath = casePath ?? folder + "/case.db"
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: casePath + suffix) }
        try? FileManager.default.removeItem(atPath: casePath + ".spool")
        let started = Date()
        let world = LabWorld.builtIn(households: households)
        let now = started.timeIntervalSince1970

        say("lab up: \(households) households behind NAT, \(world.infectedHosts.count) infected hosts")
        try LabLifecycle.up(world, folder: folder, start: now)
        defer { LabLifecycle.down(loopback: false, folder: folder) }

        let me = Bundle.main.executablePath ?? CommandLine.arguments[0]
        let trapLog = folder + "/trap.log"
        let trap = try child(["netns", "exec", LabPlan.internet, me, "trap", "--case", casePath, "--hostname", "trap.lab",
                              "--listen", "\(LabPlan.trapAddress):25", "--tls-listen", "\(LabPlan.trapAddress):465",
                              "--log-level", "warning"], log: trapLog)
        defer { if trap.isRunning { kill(trap.processIdentifier, SIGKILL); trap.waitUntilExit() } }
        try waitFor(seconds: 60, what: "the trap to listen") {
            guard trap.isRunning else { throw LabNetwork.Failure(description: "the trap ended: \(tail(trapLog))") }
            return tail(trapLog).contains("SIGTERM or Ctrl-C stops it")
        }
        say("trap listening on \(LabPlan.trapAddress):25 in \(LabPlan.internet)")
        let sent = try LabSender.run(world, trap: "\(LabPlan.trapAddress):25", progress: say)
        kill(trap.processIdentifier, SIGTERM)
        try waitFor(seconds: 60, what: "the trap to stop") { !trap.isRunning }
        try LabTruth.write(world, sent: sent.sent, start: now, end: Date().timeIntervalSince1970 + 1, to: folder)
        for line in sent.failures.prefix(5) { say("not accepted: \(line)") }

        say("probe: the sending addresses, from \(LabPlan.internet)")
        let probe = try child(["netns", "exec", LabPlan.internet, me, "probe", "--case", casePath, "--scope", "198.18.1.0/24",
                               "--modules", "http,telnet,rtsp,upnp"], log: folder + "/probe.log")
        try waitFor(seconds: 120, what: "the probe to finish") { !probe.isRunning }
        guard probe.terminationStatus == 0 else { throw LabNetwork.Failure(description: "probe failed: \(tail(folder + "/probe.log"))") }
        let removed = LabLifecycle.down(loopback: false, folder: folder)
        say("lab down: removed \(removed) namespaces")

        let (verdicts, census) = try CaseAnalysis(store: try CaseStore(path: casePath, mode: .existing)).census()
        let truth = try CaseEvaluation.readTruth(path: folder + "/truth.json")
        let scored = try CaseEvaluation(store: try CaseStore(path: casePath, mode: .existing)).evaluate(truth: truth)
        return render(verdicts: verdicts, census: census, evaluation: scored, sent: sent.sent.count, folder: folder,
                      casePath: casePath, seconds: Date().timeIntervalSince(started))
    }

    static func render(verdicts: [Verdict], census: Census, evaluation e: Evaluation, sent: Int, folder: String,
                       casePath: String, seconds: Double) -> String {
        var out = "botcensus demo --live — \(households) households behind real NAT, \(sent) spam messages to a real trap, "
        out += "a reactive scan of the senders\n\n"
        out += "Verdicts (naive = what answered the scan, as the 2014 method counted it)\n\n" + VerdictReport.table(verdicts)
        let h = e.census.hosts, s = e.census.iotShare, c = e.classification
        func pct(_ x: Double) -> String { String(format: "%.1f%%", x * 100) }
        var claim = TextTable(headers: ["", "2014 method", "botcensus (95% interval)", "lab truth"])
        claim.add(["infected hosts", "\(Int(h.naive))", "\(Int(h.estimate)) (\(Int(h.low))–\(Int(h.high)))", "\(Int(h.truth))"])
        claim.add(["IoT share", pct(s.naive), "\(pct(s.estimate)) (\(pct(s.low))–\(pct(s.high)))", pct(s.truth)])
        claim.add(["PCs and phones blamed on IoT", "\(c.naiveFalseIoT) of \(c.trueNonIoT)", "\(c.falseIoT) of \(c.trueNonIoT)", "0"])
        claim.add(["addresses named right", "\(c.naive.correct) of \(c.naive.total)",
                   "\(c.overall.correct) of \(c.overall.total) (\(c.overall.named) named)", "\(c.overall.total)"])
        out += "\nThe claim check\n\n" + claim.render()
        out += "\nCensus\n\n" + CensusReport.table(census)
        out += String(format: "\nTook %.0f s. Kept in %@: the case (%@), truth.json, messages.jsonl, trap.log, probe.log.\n", seconds, folder, casePath)
        out += "Score it again: botcensus evaluate --case \(casePath) --truth \(folder)/truth.json\n"
        return out
    }

    static func child(_ arguments: [String], log: String) throws -> Process {
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/sbin/ip")
        process.arguments = arguments
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return process
    }

    static func tail(_ path: String) -> String {
        String(((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").suffix(2000))
    }

    static func waitFor(seconds: Double, what: String, _ done: () throws -> Bool) throws {
        let deadline = Date().addingTimeInterval(seconds)
        while try !done() {
            guard Date() < deadline else { throw LabNetwork.Failure(description: "demo --live: waited \(Int(seconds)) s for \(what)") }
            usleep(20_000)
        }
    }
}
