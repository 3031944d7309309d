import Foundation
import Testing

/// Issue 12, item 4: 20 seeded worlds that break the proof family's comfortable assumptions
/// (scenarios/stress-family, written by scripts/make-stress-worlds.py: infected phones, IoT on PC-like stacks,
/// several infected PCs per household, carrier-grade NAT, scans weeks late through heavy churn), each scored
/// with the SYN captures and clockless with the p0f logs, as the proof worlds are.
///
/// Asserted, as for the proof family: false-IoT ≤ 1% in every world; where the SYN is in evidence and a class
/// is named, right for ≥ 95%; host intervals that hold the truth in ≥ 90% of worlds, with and without clocks;
/// without clocks a median error ≤ 20% and median half-width ≤ 50%.
/// Printed but not met on every world (docs/EVALUATION.md says where): a class named for ≥ 90% of the
/// addresses with the SYN in evidence (IoT on PC-like stacks names 58–80%: a TV box on a PC's stack is
/// `unknown`), and ECE ≤ 0.03. Printed beside it, what the evidence allows: the share an oracle knowing each
/// evidence pattern's true classes could name at 95% (`NamingCeiling`), below 90% in some of those worlds.
@Suite struct StressFamilyTests {
    @Test func twentyStressWorlds() throws {
        guard FileManager.default.fileExists(atPath: ProofTests.root.appendingPathComponent("scenarios/stress-family").path) else {
            Issue.record("scenarios/stress-family is missing: run python3 scripts/make-stress-worlds.py 0 20")
            return
        }
        var clocks: [ProofTests.Outcome] = [], clockless: [ProofTests.Outcome] = []
        for n in 0..<20 {
            let (o, blind) = try ProofTests.run(world: n, family: "stress-family")
            print("stress:", o)
            print("stress:", blind)
            #expect(o.falseIoT <= 0.01, "\(o.world): false-IoT rate \(o.falseIoT)")
            #expect(blind.falseIoT <= 0.01, "\(blind.world): false-IoT rate \(blind.falseIoT)")
            for x in [o, blind] {
                #expect(x.accuracyWithSYN >= 0.95, "\(x.world): accuracy where the SYN is in evidence and a class is named \(x.accuracyWithSYN)")
            }
            clocks.append(o)
            clockless.append(blind)
        }
        for (label, set) in [("with clocks", clocks), ("clockless", clockless)] {
            let covered = set.filter(\.covered).count
            let medianError = ProofTests.median(set.map(\.hostError))
            let medianHalfWidth = ProofTests.median(set.map(\.hostHalfWidth))
            let named = set.filter { $0.namedWithSYN >= 0.9 }.count, right = set.filter { $0.accuracyWithSYN >= 0.95 }.count
            let calibrated = set.filter { $0.ece <= 0.03 }.count, allowed = set.filter { $0.ceiling >= 0.9 }.count
            print(String(format: "stress %@: host intervals hold the truth in %d of %d worlds, median error %.3f, median half-width %.3f; named ≥ 90%% in %d (the evidence allows it in %d), right ≥ 95%% in %d, ECE ≤ 0.03 in %d",
                         label, covered, set.count, medianError, medianHalfWidth, named, allowed, right, calibrated))
            #expect(covered * 10 >= set.count * 9, "\(label): host intervals hold the truth in only \(covered) of \(set.count) worlds")
            if label == "clockless" {
                #expect(medianError <= 0.2, "clockless host estimates: median error \(medianError)")
                #expect(medianHalfWidth <= 0.5, "clockless host intervals: median half-width \(medianHalfWidth)")
            }
        }
    }
}
