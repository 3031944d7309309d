import BotCensusCore
import Fingerprint
import Foundation
import Ingest
import Testing

/// The cached reader `identify syn` uses gives, SYN for SYN, what the matcher and the classifier give.
@Suite struct P0fSynReaderTests {
    @Test(.enabled(if: TestEnvironment.p0fTestsRun, "needs Debian's /etc/p0f/p0f.fp (apt-get install p0f)")) func cachedReadingsEqualTheMatcherAndClassifier() throws {
        let db = try realP0fDatabase()
        let matcher = P0fSynMatcher(database: db)
        let reader = P0fSynReader(matcher: matcher)
        var compared = 0
        for fixture in ["quirks.pcap", "captured-syns.pcap", "eth-le-usec.pcap", "sll.pcap"] {
            // Twice over: the second pass reads every SYN from the cache.
            for _ in 0..<2 {
                for syn in try extractSyns(pcapFixture(fixture)).syns {
                    let m = matcher.match(syn.segment)
                    let r = reader.read(syn.segment)
                    let family = (try? TCPSignature(parsing: m.rawSignature)).map {
                        SynOSClassifier.classify($0, p0fLabel: m.label, p0fParams: m.params).family
                    } ?? .unknown
                    #expect(r.rawSignature == m.rawSignature && r.label == m.label && r.quality == m.quality, "\(fixture) packet \(syn.packet)")
                    #expect(r.distance == m.distance && r.distanceText == m.distanceText && r.params == m.params)
                    #expect(r.labelIsApplication == m.labelIsApplication && r.family == family, "\(fixture) packet \(syn.packet)")
                    compared += 1
                }
            }
        }
        #expect(compared > 800)
    }

    /// p0f drops the flow of a SYN labelled as a tool (NMap) at once, so it reports a retransmission of it again.
    @Test(.enabled(if: TestEnvironment.p0fTestsRun, "needs Debian's /etc/p0f/p0f.fp (apt-get install p0f)")) func toolSynsKeepNoFlow() throws {
        let db = try realP0fDatabase()
        let reader = P0fSynReader(matcher: P0fSynMatcher(database: db))
        let syns = try extractSyns(pcapFixture("quirks.pcap")).syns
        let tool = try #require(syns.first { reader.read($0.segment).labelIsTool })
        let os = try #require(syns.first { reader.read($0.segment).label != nil && !reader.read($0.segment).labelIsTool })
        var tracker = P0fFlowTracker()
        let answers = [tracker.isNewConnection(tool.segment, at: 0, keepsFlow: false),
                       tracker.isNewConnection(tool.segment, at: 1, keepsFlow: false),
                       tracker.isNewConnection(os.segment, at: 0),
                       tracker.isNewConnection(os.segment, at: 1),
                       tracker.isNewConnection(os.segment, at: 40)]
        // The tool's SYN is new both times; the OS's retransmission is not, until its flow's 30 s are over.
        #expect(answers == [true, true, true, false, true])
    }
}
