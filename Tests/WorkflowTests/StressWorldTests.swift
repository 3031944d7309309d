import BotCensusTesting
import Foundation
import Testing

/// Worlds that break the model's comfortable assumptions (scenarios/stress/), scored as an investigator would:
/// simulate, import the traps' logs, SYN captures and the scan, `evaluate --format json`. The first: a
/// phone-heavy world behind home routers with exposed UIs, where infected Android and iOS phones send most of
/// the spam. Phones read as embedded Linux were the independent worlds' worst false-IoT (20%): here the SYN
/// label table and the mobile family must keep it under 1%.
@Suite struct StressWorldTests {
    @Test(.timeLimit(.minutes(5))) func phonesBehindRoutersAreNotBlamedOnTheRouters() throws {
        let dir = temporaryDirectory("stress")
        let world = dir.appendingPathComponent("phone-heavy").path
        let sim = try botcensus(["simulate", packageRoot.appendingPathComponent("scenarios/stress/phone-heavy.json").path, "--out", world,
                                 "--seed", "3", "--no-message-truth"])
        try #require(sim.status == 0, "\(sim.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: world)
            .filter { $0.hasSuffix(".postfix.log") || $0.hasSuffix(".syn.pcap") || $0 == "scan.zgrab2.jsonl" }.map { "\(world)/\($0)" }
        let casePath = dir.appendingPathComponent("phone-heavy.db").path
        let imported = try botcensus(["import", "--case", casePath, "--year", "2026", "--timezone", "utc"] + files)
        try #require(imported.status == 0, "\(imported.stderr)")
        let e = try botcensus(["evaluate", "--case", casePath, "--truth", "\(world)/truth.json", "--format", "json"])
        try #require(e.status == 0, "\(e.stderr)")
        let o = try #require(try JSONSerialization.jsonObject(with: Data(e.stdout.utf8)) as? [String: Any])
        let c = try #require(o["classification"] as? [String: Any])
        let falseIoT = try #require(c["false_iot"] as? [String: Any])
        let withSYN = try #require(c["with_sender_syn"] as? [String: Any])
        let mobile = try #require((c["by_class"] as? [String: Any])?["mobile"] as? [String: Any])
        let k = try #require(o["calibration"] as? [String: Any])
        let hosts = try #require((o["census"] as? [String: Any])?["hosts"] as? [String: Any])
        print("phone-heavy: false-IoT \(falseIoT["rate"] ?? "-") (naive \(falseIoT["naive_rate"] ?? "-")), named with SYN \(withSYN["coverage"] ?? "-"), accuracy there \(withSYN["accuracy"] ?? "-"), mobile \(mobile), ECE \(k["ece"] ?? "-"), hosts \(hosts)")
        #expect((falseIoT["true_non_iot"] as? Int ?? 0) > 1000, "most senders are phones and PCs")
        #expect((falseIoT["rate"] as? Double ?? 1) <= 0.01)
        #expect((falseIoT["naive_rate"] as? Double ?? 0) >= 0.5, "the 2014 method blames the routers' UIs")
        // Issue 12's limits for every world: a class named for ≥ 90% where the SYN is in evidence, right for
        // ≥ 95% of those, ECE ≤ 0.03 (measured: 94.3%, 99.4%, 0.004).
        #expect((withSYN["coverage"] as? Double ?? 0) >= 0.9)
        #expect((withSYN["accuracy"] as? Double ?? 0) >= 0.95)
        #expect((mobile["recall"] as? Double ?? 0) >= 0.95 && (mobile["precision"] as? Double ?? 0) >= 0.9)
        #expect((k["ece"] as? Double ?? 1) <= 0.03)
        #expect(hosts["covered"] as? Bool == true)
    }
}
