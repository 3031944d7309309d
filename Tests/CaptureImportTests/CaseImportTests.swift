import BotCensusCore
import Fingerprint
import Foundation
import Ingest
import Store
import Testing
@testable import Workflow

/// A capture imported into a case through `CaseImporter`, read back as `botcensus export syns` and
/// `export clocks` print it.
@Suite struct CaseImportTests {
    func importing(_ files: [String], ports: Set<Int> = [25, 465, 587]) throws -> (store: CaseStore, results: [CaseImporter.FileResult], warnings: [String], path: String) {
        let path = NSTemporaryDirectory() + "capture-case-\(UUID().uuidString).db"
        let store = try CaseStore(path: path)
        let importer = CaseImporter(store: store, identifier: Identifier(databases: []),
                                    options: .init(importOptions: ImportOptions(localTime: .utc, mailPorts: ports)))
        var warnings: [String] = []
        let results = try files.map { try importer.importFile(pcapFixture($0)) { warnings.append($0) } }
        return (store, results, warnings, path)
    }

    func cleanUp(_ path: String) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    @Test func exportSynsCarriesEveryPacketFact() throws {
        let run = try importing(["eth-le-usec.pcap"])
        defer { cleanUp(run.path) }
        #expect(run.results[0].format == "pcap")
        #expect(run.results[0].records == 8 && run.results[0].inserted == 8 && run.results[0].badLines == 1)
        #expect(run.warnings == ["\(pcapFixture("eth-le-usec.pcap")): packet 6: TCP header cut short (10 of 20 bytes) (captured 44 of 74 bytes); skipped"])
        var rows: [[String: Any]] = []
        try run.store.export(.syns) { rows.append($0) }
        #expect(rows.count == 5)
        let first = rows[0]
        #expect(first["src"] as? String == "203.0.113.7")
        #expect(first["sport"] as? Int == 51234)
        #expect(first["dst"] as? String == "198.18.0.25")
        #expect(first["dport"] as? Int == 25)
        #expect(first["time"] as? String == "2026-01-06T03:04:05.123456Z")
        #expect(first["ttl"] as? Int == 114)
        #expect(first["ipid"] as? Int == 10753)
        #expect(first["window"] as? String == "mss*44")
        #expect(first["mss"] as? Int == 1460)
        #expect(first["options"] as? String == "mss,nop,ws,nop,nop,sok")
        #expect(first["ts_val"] is NSNull)
        #expect(first["raw_sig"] as? String == "4:114+14:0:1460:mss*44,8:mss,nop,ws,nop,nop,sok:df,id+:0")
        #expect(first["source"] as? String == "\(pcapFixture("eth-le-usec.pcap")):1")
        let linux = rows[1]
        #expect(linux["ts_val"] as? Int == 12345 && linux["ipid"] as? Int == 4660 && linux["ttl"] as? Int == 53)
        let v6 = rows[2]
        #expect(v6["src"] as? String == "2001:db8::25" && v6["ipid"] is NSNull && v6["ts_val"] as? Int == 777)

        var clocks: [[String: Any]] = []
        try run.store.export(.clocks) { clocks.append($0) }
        #expect(clocks.count == 3)
        #expect(clocks.compactMap { $0["ts_val"] as? Int64 }.sorted() == [777, 12345, 12345])
    }

    @Test func aTTLBeyondP0fsGuessStillExportsTheTTLSeen() throws {
        let run = try importing(["quirks.pcap"])
        defer { cleanUp(run.path) }
        var rows: [[String: Any]] = []
        try run.store.export(.syns) { rows.append($0) }
        #expect(rows.count == 57)
        let far = try #require(rows.first { ($0["raw_sig"] as? String)?.hasPrefix("4:200+?") == true })
        #expect(far["ttl"] as? Int == 200)
        #expect(rows.allSatisfy { $0["ttl"] is Int })
    }

    @Test(.enabled(if: TestEnvironment.p0fTestsRun, "needs Debian's /etc/p0f/p0f.fp (apt-get install p0f)")) func labelsLikeAP0fLogWhenP0fIsInstalled() throws {
        let run = try importing(["quirks.pcap"])
        defer { cleanUp(run.path) }
        let theirs = try P0fLogSyn.parseLog(pcapFixture("quirks.p0f.log"))
        var rows: [[String: Any]] = []
        try run.store.export(.syns) { rows.append($0) }
        #expect(rows.count == theirs.count)
        for (row, p0f) in zip(rows, theirs) {
            #expect(row["raw_sig"] as? String == p0f.rawSig)
            #expect(row["label"] as? String == p0f.osLabel, "\(p0f.client)")
            #expect(row["params"] as? String == p0f.params, "\(p0f.client)")
        }
    }

    @Test func everyFixtureImportsAndTheSameCaptureTwiceAddsNothing() throws {
        let files = ["eth-le-usec.pcap", "raw-be-nsec.pcap", "sll.pcap", "sll2.pcap", "null.pcap", "ipv4-228.pcap",
                     "ipv6-229.pcap", "two-if-le.pcapng", "be.pcapng", "truncated-tail.pcap"]
        let run = try importing(files + ["sll.pcap"])
        defer { cleanUp(run.path) }
        #expect(run.results.map(\.format) == Array(repeating: "pcap", count: files.count + 1))
        #expect(run.results.last?.alreadyImported == true && run.results.last?.inserted == 0)
        // 22 SYN records, but sll2, null and ipv4-228 hold sll's very SYNs (same client, port, time and
        // signature on another link type): the case keeps each once.
        #expect(run.results.dropLast().map(\.records).reduce(0, +) > 22)
        #expect(try run.store.totals().syns == 17)
    }
}
