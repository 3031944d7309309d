import BotCensusCore
import Foundation
import Ingest
import Testing
@testable import Workflow

/// A capture imported by botcensus gives the SYNs p0f's own log of that capture gives: the same ones (p0f
/// reports a retransmitted SYN once), with the same raw_sig; with p0f.fp installed, the same label,
/// distance and params as the p0f log importer would read from p0f's lines.
@Suite struct P0fLogParityTests {
    /// (capture, p0f's log of it, the ports its servers listened on)
    static let cases: [(String, String, Set<Int>)] = [
        ("captured-syns.pcap", "captured-syns.p0f.log", [8099, 8100]),   // 408 SYNs from real Linux stacks
        ("quirks.pcap", "quirks.p0f.log", [25]),                         // 57 crafted SYNs, every quirk
    ]

    @Test(arguments: cases)
    func sameSynsAndRawSignaturesAsP0f(capture: String, log: String, ports: Set<Int>) throws {
        let theirs = try P0fLogSyn.parseLog(pcapFixture(log))
        let ours = try readCapture(pcapFixture(capture), ports: ports).syns
        #expect(ours.count == theirs.count)
        for (mine, p0f) in zip(ours, theirs) {
            #expect(p0fClient(mine.src, mine.sport) == p0f.client)
            #expect(mine.signature.raw == p0f.rawSig, "\(p0f.client)")
            #expect(p0fTime(mine.time) == p0f.time, "\(p0f.client)")
        }
    }

    @Test(.enabled(if: TestEnvironment.p0fTestsRun, "needs Debian's /etc/p0f/p0f.fp (apt-get install p0f)"), arguments: cases)
    func sameLabelsAsP0fWhenItsDatabaseIsInstalled(capture: String, log: String, ports: Set<Int>) throws {
        let labeler = try #require(CaseImporter.p0fLabeler(warn: { Issue.record("\($0)") }))
        let theirs = try P0fLogSyn.parseLog(pcapFixture(log))
        let ours = try readCapture(pcapFixture(capture), ports: ports, labeler: labeler).syns
        #expect(ours.count == theirs.count)
        var labelled = 0
        for (mine, p0f) in zip(ours, theirs) {
            #expect(mine.osLabel == p0f.osLabel, "\(p0f.client) \(p0f.rawSig)")
            #expect(mine.params == p0f.params, "\(p0f.client) \(p0f.rawSig)")
            // `dist=<= N` (random-TTL tools) is a bound: the p0f log importer keeps raw_sig's guess instead.
            if !p0f.dist.hasPrefix("<=") { #expect(mine.distance.map(String.init) == p0f.dist, "\(p0f.client)") }
            if p0f.osLabel != nil { labelled += 1 }
        }
        #expect(labelled > 20)
    }
}
