import BotCensusCore
import Foundation
import Testing
@testable import Ingest

@Suite struct ShodanTests {
    @Test func fixture_() throws {
        let path = fixturePath("scan/shodan.json")
        let run = try runImport(path)
        #expect(run.summary.format == "shodan")
        #expect(run.summary.lines == 10)
        #expect(run.summary.records == 7)
        #expect(run.summary.ignored == 0)
        #expect(run.bad.map(\.line) == [5, 7, 9])
        #expect(run.bad[0].reason.hasPrefix("not valid JSON"))
        #expect(run.bad[1].description == "\(path):7: banner has no \"ip_str\"")
        #expect(run.bad[2].reason.contains("'yesterday'"))

        let o = run.observations
        #expect(o.map(\.source.line) == [1, 2, 3, 4, 6, 8, 10])
        #expect(o.map(\.proto) == ["http", "http", "ssh", "telnet", "ftp", "smtp", "http"])
        #expect(o.map(\.port) == [80, 443, 22, 23, 21, 25, 8080])
        // Shodan's zone-less timestamps are UTC, with microseconds.
        #expect(abs(o[0].time - utc("2026-01-06T09:00:00.123456Z")) < 1e-6)
        #expect(o[2].time == utc("2026-01-06T09:01:00Z"))
        #expect(o[0].fields == ["http.status": "401", "http.server": "DNVRS-Webs", "http.title": "Document Error: Unauthorized",
                                "http.www_authenticate": "Basic realm=\"DVR\"", "shodan.product": "DNVRS-Webs",
                                "shodan.devicetype": "webcam", "shodan.cpe": "cpe:2.3:h:hikvision:dvr", "shodan.module": "http"])
        // https: the certificate subject (an unordered map in Shodan) in zgrab2's order.
        #expect(o[1].fields["tls.subject"] == "C=TW, L=Taipei, O=Synology Inc., CN=synology.com")
        #expect(o[1].fields["http.title"] == "Synology DiskStation" && o[1].fields["shodan.module"] == "https")
        #expect(o[2].fields == ["ssh.banner": "SSH-2.0-dropbear_2019.78", "shodan.product": "Dropbear sshd", "shodan.version": "2019.78",
                                "shodan.cpe": "cpe:2.3:a:matt_johnston:dropbear_ssh_server:2019.78", "shodan.module": "ssh"])
        #expect(o[3].fields["telnet.banner"] == "\r\nDVR login: ")
        #expect(o[4].ip.description == "2001:db8::21" && o[4].fields["ftp.banner"] == "220 (vsFTPd 3.0.5)\r\n")
        #expect(o[4].fields["shodan.version"] == "3.0.5")
        #expect(o[5].fields["smtp.banner"] == "220 vps-61.example.com ESMTP Postfix (Ubuntu)\r\n")
        // No `http.title`: the title comes from the page itself.
        #expect(o[6].fields["http.title"] == "Web Client" && o[6].fields["http.server"] == "App-webs/")
    }

    @Test func strictModeRefusesTheFile() throws {
        #expect(throws: ImportDriver.BadLine.self) { try runImport(fixturePath("scan/shodan.json"), strict: true) }
    }
}

@Suite struct CensysTests {
    @Test func hostPerLineFixture() throws {
        let path = fixturePath("scan/censys.jsonl")
        let run = try runImport(path)
        #expect(run.summary.format == "censys")
        #expect(run.summary.lines == 7)      // hosts
        #expect(run.summary.records == 6)
        #expect(run.summary.ignored == 1)
        #expect(run.bad.map(\.line) == [3, 4, 7])
        #expect(run.bad[0].reason.hasPrefix("not valid JSON"))
        #expect(run.bad[1].description == "\(path):4: \"ip\": '999.1.1.1' is not an IP address")
        #expect(run.bad[2].reason == "services[0] has no valid \"port\"")

        let o = run.observations
        #expect(o.map(\.source.line) == [1, 1, 2, 2, 6, 6])
        #expect(o.map(\.proto) == ["http", "telnet", "http", "ssh", "smtp", "ftp"])
        #expect(o.map(\.port) == [80, 23, 443, 22, 25, 21])
        #expect(abs(o[0].time - utc("2026-01-05T10:11:12.345678901Z")) < 1e-6)
        #expect(o[1].time == utc("2026-01-05T10:12:00Z"))
        #expect(o[2].time == utc("2026-01-04T07:00:00Z"))
        // No observed_at: the host's last_updated_at.
        #expect(o[4].time == utc("2026-01-03T12:00:00Z") && o[5].time == o[4].time)
        #expect(o[0].fields == ["http.status": "401", "http.server": "DNVRS-Webs", "http.www_authenticate": "Basic realm=\"DVR\"",
                                "http.title": "Document Error: Unauthorized", "censys.service": "HTTP", "censys.vendor": "Hikvision",
                                "censys.product": "DVR", "censys.cpe": "cpe:2.3:h:hikvision:dvr:*:*:*:*:*:*:*:*"])
        #expect(o[1].fields == ["telnet.banner": "\r\nDVR login: ", "censys.service": "TELNET"])
        #expect(o[2].fields["tls.subject"] == "C=TW, L=Taipei, O=Synology Inc., CN=synology.com")
        #expect(o[2].fields["censys.product"] == "nginx")
        #expect(o[2].fields["censys.cpe"] == "cpe:2.3:a:f5:nginx:*:*:*:*:*:*:*:* cpe:2.3:o:synology:diskstation_manager:*:*:*:*:*:*:*:*")
        #expect(o[3].fields["ssh.banner"] == "SSH-2.0-OpenSSH_8.9p1 Ubuntu-3ubuntu0.6" && o[3].fields["censys.version"] == "8.9p1")
        #expect(o[4].ip.description == "2001:db8::25" && o[4].fields["smtp.banner"] == "220 vps-61.example.com ESMTP Postfix (Ubuntu)\r\n")
        #expect(o[5].fields["ftp.banner"] == "220 (vsFTPd 3.0.5)\r\n")
    }

    @Test func prettyPrintedDocument() throws {
        let run = try runImport(fixturePath("scan/censys-host.json"))
        #expect(run.summary.format == "censys")
        #expect(run.summary.lines == 1 && run.summary.records == 2 && run.bad.isEmpty)
        let o = run.observations
        #expect(o.map(\.source.line) == [1, 1])
        #expect(o.map(\.proto) == ["http", "cwmp"])
        #expect(o[0].ip.description == "192.0.2.77" && o[0].port == 8080 && o[0].time == utc("2026-01-02T03:04:05Z"))
        #expect(o[0].fields == ["http.status": "200", "http.server": "App-webs/", "http.title": "Web Client", "censys.service": "HTTP"])
        #expect(o[1].port == 7547 && o[1].fields["cwmp.banner"] == "HTTP/1.1 401 Unauthorized\r\nServer: RomPager/4.07 UPnP/1.0\r\n")
    }

    @Test func searchOutputArray() throws {
        let path = fixturePath("scan/censys-search.json")
        let run = try runImport(path)
        #expect(run.summary.format == "censys")
        #expect(run.summary.lines == 2 && run.summary.records == 1)
        #expect(run.bad.map(\.line) == [17])
        #expect(run.bad[0].description == "\(path):17: host has no \"ip\"")
        let o = run.observations
        #expect(o[0].source.line == 2 && o[0].ip.description == "198.51.100.7" && o[0].port == 80 && o[0].proto == "http")
        #expect(o[0].time == utc("2026-01-01T12:00:00Z") && o[0].fields == ["censys.service": "HTTP"])
    }

    @Test func unclosedDocumentIsReported() throws {
        let path = try temporaryFile("[\n  {\"ip\": \"192.0.2.1\", \"services\": [\n", name: "cut.json")
        let run = try runImport(path, format: "censys")
        #expect(run.bad.map(\.line) == [2])
        #expect(run.bad[0].reason.contains("not closed"))
        #expect(run.records.isEmpty)
    }

    @Test func strictModeRefusesTheFile() throws {
        #expect(throws: ImportDriver.BadLine.self) { try runImport(fixturePath("scan/censys.jsonl"), strict: true) }
        #expect(throws: ImportDriver.BadLine.self) { try runImport(fixturePath("scan/censys-search.json"), strict: true) }
    }
}
