import Analysis
import BotCensusCore
import Foundation
import Store
import Testing
@testable import Workflow

/// A case's analysis keeps of each address's SYNs only what it reads one by one (`AddressEvidence.ThinnedSyns`,
/// issue 15): the verdicts and the census must be exactly those of every SYN read, with TCP clocks (v1) and
/// without (p0f logs: v2's bursts), on a simulated world with several traps.
@Suite struct ThinnedEvidenceTests {
    @Test(.timeLimit(.minutes(5))) func thinnedEvidenceGivesTheVerdictsAndCensusOfEverySyn() throws {
        let dir = temporaryDirectory("thinned")
        let world = dir.appendingPathComponent("world").path
        let sim = try botcensus(["simulate", packageRoot.appendingPathComponent("scenarios/proof/world-05.json").path, "--out", world,
                                 "--seed", "5", "--no-message-truth"])
        try #require(sim.status == 0, "\(sim.stderr)")
        let names = try FileManager.default.contentsOfDirectory(atPath: world).sorted()
        for synFiles in [".syn.pcap", ".p0f.log"] {
            let files = names.filter { $0.hasSuffix(".postfix.log") || $0.hasSuffix(synFiles) || $0 == "scan.zgrab2.jsonl" }.map { "\(world)/\($0)" }
            let casePath = dir.appendingPathComponent("case\(synFiles).db").path
            let imported = try botcensus(["import", "--case", casePath, "--year", "2026", "--timezone", "utc"] + files)
            try #require(imported.status == 0, "\(imported.stderr)")
            let store = try CaseStore(path: casePath)

            let thinned = CaseAnalysis.evidence(from: try store.addressRecords(digesting: CaseAnalysis.SynDigester()))
            // The same addresses with every SYN, through the same reading of stacks.
            let records = try store.addressRecords()
            var digester = CaseAnalysis.SynDigester()
            let syns = records.flatMap(\.senderSyns)
            var stacks: [SynStack] = [], seen = Set<SynStack>(), pairs: [(stack: SynStack, distance: Int?)] = []
            var pairSeen = Set<String>()
            for s in syns {
                if seen.insert(s.stack).inserted { stacks.append(s.stack) }
                if pairSeen.insert("\(ObjectIdentifier(s.stack).hashValue)|\(s.distance.map(String.init) ?? "?")").inserted { pairs.append((s.stack, s.distance)) }
            }
            digester.prepare(stacks: stacks, hosts: pairs, traps: Array(Set(syns.compactMap(\.dst))))
            try #require(records.map(\.ip) == thinned.map(\.ip))
            let full = zip(records, thinned).map { r, t in
                var e = AddressEvidence(ip: t.ip, spamTimes: t.spamTimes, messages: t.messages, connections: t.connections,
                                        senderSyns: digester.senderSyns(r.senderSyns), observations: t.observations)
                e.scanWindow = t.scanWindow
                return e
            }
            let kept = thinned.reduce(0) { $0 + $1.senderSyns.count }, all = full.reduce(0) { $0 + $1.senderSyns.count }
            print("thinned evidence (\(synFiles)): \(kept) of \(all) SYNs kept one by one")
            // Few SYNs per sender and trap in this world: what is tested is that some go and nothing changes.
            #expect(kept < all, "thinning should let SYNs go")
            #expect(thinned.reduce(0) { $0 + $1.synCount } == all, "the kept SYNs stand for all")

            let a = CasePipeline.run(thinned), b = CasePipeline.run(full)
            #expect(a.verdicts == b.verdicts, "\(zip(a.verdicts, b.verdicts).filter { $0 != $1 }.count) verdicts differ")
            #expect(a.census == b.census)
            #expect(a.census?.method.hasPrefix(synFiles == ".syn.pcap" ? "v1" : "v2") == true, "\(a.census?.method ?? "")")
        }
    }
}
