import BotCensusTesting
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Trap and prober together, as deployed: `probe --follow` watches the case the trap writes and probes a
/// new sender within seconds of its first message; the observation lands in the same case with that delay.
@Suite(.serialized) struct ProbeFollowTests {
    @Test(.timeLimit(.minutes(3))) func aNewSenderIsProbedWithinSecondsOfItsSpam() throws {
        let trap = try RunningTrap(["--log-level", "warning"], ipv6: false)
        // The sender's own device UI, on the sender's address.
        let device = try LoopbackWebServer(address: "127.0.0.7", server: "GoAhead-Webs", title: "NETGEAR Router R7000", in: trap.folder)
        defer { withExtendedLifetime(device) {} }
        let port = String(device.port)
        let probe = try BackgroundProcess(try botcensusBinary(), [
            "probe", "--follow", "--case", trap.casePath, "--scope", "127.0.0.0/8", "--modules", "http", "--ports", port,
            "--duration", "60", "--output", trap.folder.appendingPathComponent("follow.jsonl").path,
        ], in: trap.folder)
        try probe.wait(until: { probe.stderr.contains("following") }, seconds: 30, what: "the prober following the case")
        let spam = try run(try tool("swaks"), ["--server", "127.0.0.1:\(trap.smtpPort)", "--local-interface", "127.0.0.7",
                                               "--to", "victim@trap.test", "--from", "bot@spam.example", "--timeout", "20"])
        #expect(spam.status == 0, "\(spam.stdout)")
        try probe.wait(until: { probe.stderr.contains("observations into the case") }, seconds: 30, what: "a probe batch")
        kill(probe.process.processIdentifier, SIGTERM)
        #expect(try probe.waitForExit(seconds: 30) == 0, "\(probe.stderr)")
        try trap.stop()
        let line = try #require(lines(of: trap.folder.appendingPathComponent("follow.jsonl").path).first { $0.contains("127.0.0.7") })
        let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        let http = (object?["data"] as? [String: Any])?["http"] as? [String: Any]
        #expect(http?["status"] as? String == "success")
        let delay = try #require(http?["delay_from_spam_seconds"] as? Double)
        #expect(delay >= 0 && delay < 60, "probed \(delay) s after the spam")
        let identity = http?["identity"] as? [String: Any]
        #expect(identity?["class"] as? String == "router", "\(String(describing: identity))")
        // In the case: the sender's observation, identified, next to its spam.
        let rows = try trap.sql("SELECT o.ip, i.class FROM observations o JOIN identities i ON i.observation_id = o.id")
        #expect(rows == ["127.0.0.7|router"], "\(rows)")
        print("probe --follow: 127.0.0.7 probed \(delay) s after its first spam")
    }
}
