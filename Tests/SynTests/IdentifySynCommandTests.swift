import Foundation
import Testing

/// `botcensus identify syn --pcap` through the built executable: JSON shape, exit statuses, messages.
@Suite struct IdentifySynCommandTests {
    @Test(.enabled(if: TestEnvironment.p0fTestsRun, "needs Debian's /etc/p0f/p0f.fp (apt-get install p0f)")) func jsonlCarriesTheContractFields() throws {
        _ = try realP0fDatabase()
        let binary = try botcensusBinary().path
        let result = try run(binary, ["identify", "syn", "--pcap", pcapFixture("quirks.pcap"), "--format", "jsonl"])
        #expect(result.status == 0, "\(result.stderr)")
        let objects = try result.stdout.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        #expect(objects.count == 58)
        for key in ["src", "sport", "dst", "dport", "time", "raw_sig", "label", "quality", "dist", "family", "params", "packet", "retransmission"] {
            #expect(objects.allSatisfy { $0[key] != nil }, "every object has \(key)")
        }
        let first = objects[0]
        #expect(first["src"] as? String == "192.0.2.101" && first["sport"] as? Int == 1001 && first["dport"] as? Int == 25)
        #expect(first["label"] as? String == "Linux 3.11 and newer" && first["quality"] as? String == "exact")
        #expect(first["dist"] as? Int == 0 && first["family"] as? String == "linux" && first["time"] as? String == "2026-01-06T03:04:05.123456Z")
        #expect(objects[1]["retransmission"] as? Bool == true)
        #expect(objects.contains { $0["label"] is NSNull && $0["quality"] as? String == "none" })
        #expect(objects.contains { $0["label_kind"] as? String == "app" && $0["label"] as? String == "NMap SYN scan" })
        // Labels equal what p0f printed for the same SYNs.
        let p0f = try P0fLogSyn.parseLog(pcapFixture("quirks.p0f.log"))
        let reported = objects.filter { $0["retransmission"] as? Bool == false }
        #expect(reported.map { $0["label"] as? String } == p0f.map(\.label))
        #expect(reported.map { $0["raw_sig"] as? String } == p0f.map(\.rawSig))
        #expect(result.stderr.contains("58 packets, 58 SYNs (1 retransmitted)"))
    }

    @Test(.enabled(if: TestEnvironment.p0fTestsRun, "needs Debian's /etc/p0f/p0f.fp (apt-get install p0f)")) func damagedPacketsAreWarningsAndTheRestIsRead() throws {
        _ = try realP0fDatabase()
        let binary = try botcensusBinary().path
        let path = pcapFixture("eth-le-usec.pcap")
        let result = try run(binary, ["identify", "syn", "--pcap", path])
        #expect(result.status == 0)
        #expect(result.stderr.contains("\(path): packet 6: TCP header cut short"))
        #expect(result.stdout.contains("Windows NT kernel") && result.stdout.contains("[2001:db8::25]:51234"))
    }

    @Test func fatalInputErrorsExitOne() throws {
        let binary = try botcensusBinary().path
        let text = try temporaryCapture(Array("not a capture at all, just some text\n".utf8))
        defer { try? FileManager.default.removeItem(atPath: text) }
        let bad = try run(binary, ["identify", "syn", "--pcap", text, "--p0f-db", pcapFixture("tiny.fp")])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("\(text): not a pcap file"))
        let noDB = try run(binary, ["identify", "syn", "--pcap", pcapFixture("sll.pcap"), "--p0f-db", "/nonexistent/p0f.fp"])
        #expect(noDB.status == 1 && noDB.stderr.contains("/nonexistent/p0f.fp: not found"))
        let badDB = try temporaryCapture(Array("[tcp:request]\nlabel = s:unix:Linux:x\n".utf8))
        defer { try? FileManager.default.removeItem(atPath: badDB) }
        let parse = try run(binary, ["identify", "syn", "--pcap", pcapFixture("sll.pcap"), "--p0f-db", badDB])
        #expect(parse.status == 1 && parse.stderr.contains("\(badDB):2: unknown class 'unix'"))
        let usage = try run(binary, ["identify", "syn"])
        #expect(usage.status == 2)
    }

    /// A small database of our own (no LGPL text): the matcher runs wherever p0f is not installed.
    @Test func worksWithAnyP0fFile() throws {
        let binary = try botcensusBinary().path
        let result = try run(binary, ["identify", "syn", "--pcap", pcapFixture("sll.pcap"), "--p0f-db", pcapFixture("tiny.fp"), "--format", "jsonl"])
        #expect(result.status == 0)
        let labels = result.stdout.split(separator: "\n").compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["label"] as? String
        }
        #expect(labels == ["Test stack with timestamps", "Test stack with timestamps"])
    }
}
