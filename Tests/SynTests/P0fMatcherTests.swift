import BotCensusCore
import Fingerprint
import Foundation
import Ingest
import Testing

/// Our matcher against p0f 3.09b's own output for the same packets (committed beside each capture).
@Suite struct P0fMatcherTests {
    /// Crafted SYNs, one per quirk, option form and window form (scripts/make-pcap-fixtures.py).
    @Test(.enabled(if: TestEnvironment.p0fTestsRun, "needs Debian's /etc/p0f/p0f.fp (apt-get install p0f)")) func craftedSynsMatchP0fOutput() throws {
        let db = try realP0fDatabase()
        let log = try P0fLogSyn.parseLog(pcapFixture("quirks.p0f.log"))
        let ours = try ourReadings(pcapFixture("quirks.pcap"), matcher: P0fSynMatcher(database: db))
        #expect(log.count == 57)
        #expect(ours.count == log.count, "p0f reported \(log.count) SYNs, we \(ours.count)")
        let result = compareWithP0f(log: log, ours: ours, context: "quirks.pcap")
        #expect(result.equal == result.labelled)
    }

    /// Real SYNs from Linux stacks in network namespaces with varied sysctls (scripts/capture-syns.sh).
    @Test(.enabled(if: TestEnvironment.p0fTestsRun, "needs Debian's /etc/p0f/p0f.fp (apt-get install p0f)")) func capturedSynsMatchP0fOutput() throws {
        let db = try realP0fDatabase()
        let log = try P0fLogSyn.parseLog(pcapFixture("captured-syns.p0f.log"))
        let ours = try ourReadings(pcapFixture("captured-syns.pcap"), matcher: P0fSynMatcher(database: db))
        #expect(log.count > 20)
        #expect(ours.count == log.count)
        let result = compareWithP0f(log: log, ours: ours, context: "captured-syns.pcap")
        #expect(result.labelled > 10)
        #expect(result.equal == result.labelled)
    }

    @Test(.enabled(if: TestEnvironment.p0fTestsRun, "needs Debian's /etc/p0f/p0f.fp (apt-get install p0f)")) func qualityFollowsHowTheMatchWasMade() throws {
        let db = try realP0fDatabase()
        let matcher = P0fSynMatcher(database: db)
        let syns = try extractSyns(pcapFixture("quirks.pcap")).syns
        func match(port: Int) throws -> P0fSynMatch {
            try #require(syns.first { $0.segment.tcp.sourcePort == port }.map { matcher.match($0.segment) })
        }
        let exact = try match(port: 1001)
        #expect(exact.quality == .exact && exact.label == "Linux 3.11 and newer" && exact.distance == 0)
        #expect(exact.record?.line != nil && exact.record?.label.generic == false)
        let generic = try match(port: 1013)
        #expect(generic.quality == .generic && generic.label == "Linux 2.2.x-3.x")
        let fuzzy = try match(port: 1039)
        #expect(fuzzy.quality == .fuzzy && fuzzy.label == "Windows 7 or 8")
        let none = try match(port: 1008)
        #expect(none.quality == .none && none.label == nil && none.params == "none")
        let tool = try match(port: 1036)
        #expect(tool.labelIsApplication && tool.distanceText == "<= 19" && tool.params == "random_ttl")
        // A fuzzy match on a tool signature is refused, and p0f then reports distance 0, not a guess.
        let far = try match(port: 1004)
        #expect(far.rawSignature == "4:200+?:0:1460:8192,0:mss,nop,nop,sok:df,id+:0" && far.distance == 55)
    }

    @Test(.enabled(if: TestEnvironment.p0fTestsRun, "needs Debian's /etc/p0f/p0f.fp (apt-get install p0f)")) func readingsFeedTheOSClassifier() throws {
        let db = try realP0fDatabase()
        let matcher = P0fSynMatcher(database: db)
        let syn = try #require(try extractSyns(pcapFixture("quirks.pcap")).syns.first { $0.segment.tcp.sourcePort == 1003 })
        let m = matcher.match(syn.segment)
        let reading = SynOSClassifier.classify(try TCPSignature(parsing: m.rawSignature), p0fLabel: m.label, p0fParams: m.params)
        #expect(reading.family == .windows && reading.quality == "exact")
    }
}
