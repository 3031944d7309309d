import BotCensusCore
import Foundation
import Testing
@testable import Ingest

@Suite struct P0fTests {
    @Test func realP0fOutput() throws {
        let run = try runImport(fixture("p0f.log"))
        #expect(run.summary.format == "p0f")
        #expect(run.summary.lines == 14)
        #expect(run.summary.records == 7)
        #expect(run.summary.ignored == 5)
        #expect(run.bad.map(\.line) == [13, 14])
        #expect(run.bad[0].reason.contains("4 fields"))
        #expect(run.bad[1].reason.contains("192.0.2.300"))

        let s = run.syns
        #expect(s.map(\.source.line) == [1, 4, 5, 7, 8, 9, 10])
        #expect(s[0].src.description == "203.0.113.7")
        #expect(s[0].sport == 51234)
        #expect(s[0].dst?.description == "198.18.0.25")
        #expect(s[0].dport == 25)
        #expect(s[0].time == utc("2026-01-06T03:04:05Z"))
        #expect(s[0].osLabel == "Windows NT kernel")
        #expect(s[0].distance == 14)
        #expect(s[0].signature.initialTTL == 128)
        #expect(s[0].signature.windowBytes == 64240)
        #expect(s[3].src.description == "2001:db8::25")
        #expect(s[3].signature.quirks.isEmpty)
        #expect(s[4].osLabel == nil) // os=???
        #expect(s[5].params == "generic fuzzy")
    }
}

@Suite struct Zgrab2Tests {
    @Test func zgrab2Fixture() throws {
        let run = try runImport(fixture("zgrab2.jsonl"))
        #expect(run.summary.format == "zgrab2")
        #expect(run.summary.records == 7)
        #expect(run.bad.map(\.line) == [5, 8])
        #expect(run.bad[0].reason.contains("JSON"))
        #expect(run.bad[1].reason.contains("\"ip\""))

        let o = run.observations
        #expect(o.map(\.proto) == ["http", "tls", "ssh", "telnet", "ftp", "smtp", "http"])
        #expect(o[0].ip.description == "198.51.100.41" && o[0].port == 80)
        #expect(o[0].time == utc("2026-01-06T09:00:00Z"))
        #expect(o[0].fields["http.status"] == "401")
        #expect(o[0].fields["http.server"] == "DNVRS-Webs")
        #expect(o[0].fields["http.www_authenticate"] == "Basic realm=\"DVR\"")
        #expect(o[0].fields["http.title"] == "Document Error: Unauthorized")
        #expect(o[1].fields["tls.subject"] == "C=TW, L=Taipei, O=Synology Inc., CN=synology.com")
        #expect(o[2].fields["ssh.banner"] == "SSH-2.0-OpenSSH_8.9p1 Ubuntu-3ubuntu0.6")
        #expect(o[3].fields["telnet.banner"] == "MikroTik v6.42.3 (stable)\r\nLogin: ")
        #expect(o[4].fields["ftp.banner"] == "220 (vsFTPd 3.0.5)\r\n" && o[4].port == 21)
        #expect(o[5].fields["smtp.banner"] == "220 vps-61.example.com ESMTP Postfix (Ubuntu)\r\n")
        #expect(o[6].fields["http.title"] == "FRITZ!Box")
        #expect(o[6].time == utc("2026-01-06T09:00:35Z"))
    }

    @Test func titleExtraction() {
        #expect(HTMLTitle.extract("<html><HEAD><Title lang=en>\n  NETGEAR &amp; Co\t</TITLE>") == "NETGEAR & Co")
        #expect(HTMLTitle.extract("<title>&#70;&#x52;ITZ!Box</title>") == "FRITZ!Box")
        #expect(HTMLTitle.extract("<html>no title</html>") == nil)
    }
}

@Suite struct DetectionTests {
    @Test func detectsEachFixtureFormat() throws {
        #expect(try ImportDriver(path: fixture("postfix-classic.log"), formatName: nil, options: .init(), strict: false).format.name == "postfix")
        #expect(try ImportDriver(path: fixture("postfix-rfc3339.log"), formatName: nil, options: .init(), strict: false).format.name == "postfix")
        #expect(try ImportDriver(path: fixture("p0f.log"), formatName: nil, options: .init(), strict: false).format.name == "p0f")
        #expect(try ImportDriver(path: fixture("zgrab2.jsonl"), formatName: nil, options: .init(), strict: false).format.name == "zgrab2")
    }

    @Test func undetectableAndUnknownFormatsAreErrors() throws {
        let path = try temporaryFile("hello\nworld\n")
        #expect(throws: ImportDriver.DetectionError.self) { try ImportDriver(path: path, formatName: nil, options: .init(), strict: false) }
        #expect(throws: ImportDriver.DetectionError.self) { try ImportDriver(path: path, formatName: "no-such-format", options: .init(), strict: false) }
        #expect(throws: LineReader.ReadError.self) { try ImportDriver(path: "/nonexistent/file.log", formatName: nil, options: .init(), strict: false) }
    }

    @Test func lineReaderStreamsAcrossChunkBoundaries() throws {
        let lines = (0..<5000).map { "line \($0) " + String(repeating: "x", count: $0 % 97) }
        let path = try temporaryFile(lines.joined(separator: "\n") + "\n")
        var seen: [String] = []
        let hash = try LineReader(path: path, chunkSize: 61).forEachLine { line, n in
            #expect(n == seen.count + 1)
            seen.append(line.string(0..<line.count))
        }
        #expect(seen == lines)
        #expect(hash == ContentDigest.hex(Array((lines.joined(separator: "\n") + "\n").utf8)))
    }
}
