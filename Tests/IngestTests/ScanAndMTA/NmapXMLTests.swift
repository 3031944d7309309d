import BotCensusCore
import Foundation
import Testing
@testable import Ingest

@Suite struct NmapXMLTests {
    @Test func serviceScanFixture() throws {
        let path = fixturePath("scan/nmap.xml")
        let run = try runImport(path)
        #expect(run.summary.format == "nmap-xml")
        #expect(run.summary.lines == 7)        // hosts
        #expect(run.summary.records == 6)
        #expect(run.summary.ignored == 1)      // host 5 is down
        #expect(run.bad.map(\.place) == [.unit("host 3"), .unit("host 4"), .unit("host 7")])
        #expect(run.bad[0].description == "\(path): host 3: no IPv4 or IPv6 address")
        #expect(run.bad[1].reason == "port '8o8o' is not a number 0-65535")
        #expect(run.bad[2].reason == "'203.0.113.300' is not an IP address")

        let o = run.observations
        #expect(o.map(\.source.line) == [14, 14, 14, 49, 49, 70])
        #expect(o.map(\.ip.description) == ["192.0.2.7", "192.0.2.7", "192.0.2.7", "198.51.100.41", "198.51.100.41", "2001:db8::25"])
        #expect(o.map(\.port) == [22, 80, 443, 21, 23, 25])
        #expect(o.map(\.proto) == ["ssh", "http", "http", "ftp", "telnet", "smtp"])
        // The host's starttime; host 2 has none, so the run's start.
        #expect(o.map(\.time) == [1, 1, 1, 0, 0, 100].map { utc("2026-01-06T09:00:00Z") + Double($0) })
        #expect(o[0].fields == ["nmap.service": "ssh", "nmap.product": "OpenSSH", "nmap.version": "8.9p1 Ubuntu 3ubuntu0.6",
                                "nmap.extrainfo": "Ubuntu Linux; protocol 2.0", "nmap.ostype": "Linux",
                                "nmap.cpe": "cpe:/a:openbsd:openssh:8.9p1 cpe:/o:linux:linux_kernel", "nmap.ttl": "54"])
        // Script output fills banner fields: http-title, http-server-header, the ssl-cert subject.
        #expect(o[1].fields["http.title"] == "FRITZ!Box" && o[1].fields["http.server"] == "lighttpd/1.4.35")
        #expect(o[1].fields["nmap.cpe"] == "cpe:/a:lighttpd:lighttpd:1.4.35")
        #expect(o[2].fields["tls.subject"] == "C=DE, O=AVM GmbH, CN=fritz.box" && o[2].fields["nmap.tunnel"] == "ssl")
        #expect(o[2].fields["http.title"] == nil)   // "Site doesn't have a title" is not a title
        #expect(o[3].fields["ftp.banner"] == "220 (vsFTPd 3.0.5)" && o[3].fields["nmap.version"] == "3.0.5")
        #expect(o[4].fields == ["nmap.service": "telnet", "nmap.product": "BusyBox telnetd", "nmap.version": "1.14.0 or later",
                                "nmap.devicetype": "router", "nmap.ostype": "Linux",
                                "nmap.cpe": "cpe:/a:busybox:busybox cpe:/o:linux:linux_kernel", "nmap.ttl": "49"])
        #expect(o[5].fields["smtp.banner"] == "220 vps-61.example.com ESMTP Postfix (Ubuntu)")
        // The hosthint and the closed 3389 are not observations.
        #expect(!o.contains { $0.port == 3389 })
    }

    @Test func interruptedScanKeepsWhatWasFinished() throws {
        let path = fixturePath("scan/nmap-interrupted.xml")
        let run = try runImport(path)
        #expect(run.summary.format == "nmap-xml")
        #expect(run.summary.lines == 2 && run.summary.records == 3)
        #expect(run.bad.map(\.line) == [53])
        #expect(run.bad[0].description == "\(path):53: XML ends early (scan interrupted or file cut): host 2 is incomplete")
        #expect(run.observations.map(\.port) == [22, 80, 443])
    }

    @Test func malformedXMLStopsAtTheError() throws {
        var text = try String(contentsOfFile: fixturePath("scan/nmap.xml"), encoding: .utf8)
        text = text.replacingOccurrences(of: "<port protocol=\"tcp\" portid=\"23\">", with: "<port protocol=\"tcp\" portid=\"23\"></hostx>")
        let run = try runImport(try temporaryFile(text, name: "broken.xml"))
        #expect(run.summary.format == "nmap-xml")
        #expect(run.bad.map(\.line) == [54])
        #expect(run.bad[0].reason.hasPrefix("malformed XML") && run.bad[0].reason.hasSuffix("host 2 is incomplete"))
        // Host 1 is kept; nothing of host 2 or later is guessed at.
        #expect(run.observations.map(\.port) == [22, 80, 443])
    }

    /// swift-corelibs-foundation's parser traps on names and comments that are not UTF-8: such bytes are
    /// replaced before it sees them, and reported.
    @Test func bytesThatAreNotUTF8AreReportedNotFatal() throws {
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: fixturePath("scan/nmap.xml"))))
        func replace(_ old: String, _ new: [UInt8]) {
            let o = Array(old.utf8)
            let at = (0...(bytes.count - o.count)).first { Array(bytes[$0..<($0 + o.count)]) == o }!
            bytes.replaceSubrange(at..<(at + o.count), with: new)
        }
        replace("<!-- Nmap", Array("<!-- N".utf8) + [0xFF, 0xFE] + Array("map".utf8))          // line 4, a comment
        replace("vsftpd:3.0.5</cpe>", Array("vsftpd:3.0.5".utf8) + [0xC3, 0x28] + Array("</cpe>".utf8))              // line 53
        replace("product=\"vsftpd\"", Array("product=\"vs".utf8) + [0x01] + Array("ftpd\"".utf8))
        let path = try temporaryFile("", name: "binary.xml")
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let run = try runImport(path)
        #expect(run.summary.format == "nmap-xml")
        #expect(run.summary.records == 6)
        #expect(run.bad.map(\.place) == [.unit("host 3"), .unit("host 4"), .unit("host 7"), .line(4), .line(53)])
        #expect(run.bad[3].reason == "byte that is not UTF-8 0xFF (read as '?')")
        let ftp = try #require(run.observations.first { $0.port == 21 })
        #expect(ftp.fields["nmap.product"] == "vs?ftpd" && ftp.fields["nmap.cpe"] == "cpe:/a:vsftpd:vsftpd:3.0.5?(")
        // The hash is of the file as it is, not as the parser saw it.
        #expect(run.summary.sha256 == ContentDigest.hex(bytes))
    }

    @Test func masscanXML() throws {
        let run = try runImport(fixturePath("scan/masscan.xml"))
        #expect(run.summary.format == "nmap-xml")
        #expect(run.summary.lines == 3 && run.summary.records == 3 && run.bad.isEmpty)
        let o = run.observations
        #expect(o.map(\.source.line) == [6, 7, 8])
        #expect(o.map(\.proto) == ["tcp", "http", "ssh"])
        #expect(o.map(\.time) == [1, 2, 3].map { utc("2026-01-06T09:00:00Z") + Double($0) })
        #expect(o[0].fields == ["masscan.ttl": "54"])
        #expect(o[1].fields == ["http.server": "DNVRS-Webs", "masscan.service": "http.server", "masscan.ttl": "54"])
        #expect(o[2].fields["ssh.banner"] == "SSH-2.0-dropbear_2019.78")
    }

    @Test func strictModeRefusesTheFile() throws {
        do {
            _ = try runImport(fixturePath("scan/nmap.xml"), strict: true)
            Issue.record("strict import of a file with bad hosts succeeded")
        } catch let bad as ImportDriver.BadLine {
            #expect(bad.place == .unit("host 3"))
        }
    }
}
