import BotCensusCore
import Fingerprint
import Foundation
import Ingest
import Testing
@_exported import BotCensusTesting



var runningInCI: Bool { TestEnvironment.inCI }
var runningAsRoot: Bool { TestEnvironment.isRoot }

/// Debian's p0f.fp, which botcensus reads but never ships. Tests that read it carry
/// `.enabled(if: TestEnvironment.p0fTestsRun)`: skipped (and said so) without p0f, run in CI, where a missing
/// file fails them.
func realP0fDatabase() throws -> P0fDatabase {
    try P0fDatabase(contentsOf: TestEnvironment.p0fDatabase)
}

/// Every packet of a capture, with the warnings reading it gave.
func readAll(_ path: String) throws -> (packets: [CapturedPacket], warnings: [CaptureIssue]) {
    var warnings: [CaptureIssue] = []
    let source = try CaptureFile.open(path) { warnings.append($0) }
    var packets: [CapturedPacket] = []
    while let p = try source.next() { packets.append(p) }
    return (packets, warnings)
}

/// Every SYN of a capture, with counts and warnings.
func extractSyns(_ path: String) throws -> (syns: [CapturedSegment], counts: SynExtractor.Counts, warnings: [CaptureIssue]) {
    var warnings: [CaptureIssue] = []
    let extractor = try SynExtractor(path: path) { warnings.append($0) }
    var syns: [CapturedSegment] = []
    while let s = try extractor.next() { syns.append(s) }
    return (syns, extractor.counts, warnings)
}

/// How p0f prints an address: IPv4 dotted, IPv6 as eight hex groups without `::` or leading zeros.
func p0fAddress(_ ip: IPAddress) -> String {
    guard ip.isV6 else { return ip.description }
    var words: [String] = []
    for half in [ip.high, ip.low] {
        for i in 0..<4 {
            let word = UInt16(truncatingIfNeeded: half >> UInt64(48 - 16 * i))
            words.append(String(word, radix: 16))
        }
    }
    return words.joined(separator: ":")
}

/// Our reading of each SYN that p0f would report, as a p0f log line (times in UTC).
func ourReadings(_ path: String, matcher: P0fSynMatcher) throws -> [P0fLogSyn] {
    var tracker = P0fFlowTracker()
    var out: [P0fLogSyn] = []
    let formatter = DateFormatter()
    formatter.dateFormat = "yyyy/MM/dd HH:mm:ss"
    formatter.timeZone = TimeZone(identifier: "UTC")
    for syn in try extractSyns(path).syns where tracker.isNewConnection(syn.segment, at: syn.time.timestamp) {
        let m = matcher.match(syn.segment)
        out.append(P0fLogSyn(time: formatter.string(from: Date(timeIntervalSince1970: Double(syn.time.seconds))),
                             client: "\(p0fAddress(syn.segment.ip.source))/\(syn.segment.tcp.sourcePort)",
                             label: m.label, dist: m.distanceText, params: m.params, rawSig: m.rawSignature))
    }
    return out
}

/// Compares p0f's log with our readings SYN by SYN (by client address and port, in order). Returns the
/// number of SYNs p0f labelled and the number whose label, dist and raw_sig we equal.
@discardableResult
func compareWithP0f(log: [P0fLogSyn], ours: [P0fLogSyn], context: String) -> (labelled: Int, equal: Int) {
    var byClient: [String: [P0fLogSyn]] = Dictionary(grouping: ours, by: \.client)
    var labelled = 0, equal = 0
    for theirs in log {
        guard var queue = byClient[theirs.client], !queue.isEmpty else {
            Issue.record("\(context): p0f reported \(theirs) but we found no SYN from \(theirs.client)")
            continue
        }
        let mine = queue.removeFirst()
        byClient[theirs.client] = queue
        if theirs.label != nil { labelled += 1 }
        #expect(mine.rawSig == theirs.rawSig, "\(context): raw_sig of \(theirs.client)")
        #expect(mine.label == theirs.label, "\(context): label of \(theirs.client) (\(theirs.rawSig))")
        #expect(mine.dist == theirs.dist, "\(context): dist of \(theirs.client) (\(theirs.rawSig))")
        #expect(mine.params == theirs.params, "\(context): params of \(theirs.client) (\(theirs.rawSig))")
        #expect(mine.time == theirs.time, "\(context): time of \(theirs.client)")
        if theirs.label != nil && mine.label == theirs.label && mine.rawSig == theirs.rawSig && mine.dist == theirs.dist {
            equal += 1
        }
    }
    return (labelled, equal)
}
