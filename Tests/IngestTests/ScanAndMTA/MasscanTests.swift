import BotCensusCore
import Foundation
import Testing
@testable import Ingest

/// 2026-01-06T09:00:00Z, the fixtures' first masscan second.
let masscanStart = utc("2026-01-06T09:00:00Z")

@Suite struct MasscanTests {
    @Test func jsonFixture() throws {
        let path = fixturePath("scan/masscan.json")
        let run = try runImport(path)
        #expect(run.summary.format == "masscan-json")
        #expect(run.summary.lines == 27)
        #expect(run.summary.records == 7)
        #expect(run.summary.ignored == 15)
        #expect(run.bad.map(\.line) == [12, 14, 26])
        #expect(run.bad[0].description == "\(path):12: \"ip\": '192.0.2.300' is not an IP address")
        #expect(run.bad[1].reason.hasPrefix("not valid JSON"))
        #expect(run.bad[2].reason.contains("'soon'"))

        let o = run.observations
        #expect(o.map(\.source.line) == [2, 4, 8, 10, 16, 18, 24])
        #expect(o.map(\.proto) == ["tcp", "http", "ssh", "telnet", "ftp", "tls", "tcp"])
        #expect(o.map(\.port) == [80, 80, 22, 23, 21, 443, 25])
        #expect(o.map(\.time) == [0, 2, 5, 6, 12, 13, 15].map { masscanStart + Double($0) })
        #expect(o[0].ip.description == "192.0.2.7" && o[0].fields == ["masscan.ttl": "54"])
        // The http, then title records of one connection are one observation.
        #expect(o[1].fields == ["http.status": "401", "http.server": "DNVRS-Webs", "http.www_authenticate": "Basic realm=\"DVR\"",
                                "http.title": "Document Error: Unauthorized"])
        #expect(o[2].fields == ["ssh.banner": "SSH-2.0-dropbear_2019.78"])
        // Telnet negotiation (IAC WILL ECHO, IAC WILL SGA) is removed.
        #expect(o[3].fields == ["telnet.banner": "\r\nDVR login: "])
        #expect(o[4].fields == ["ftp.banner": "220 (vsFTPd 3.0.5)\r\n"])
        // The X509 banner's certificate subject, beside the ssl banner of the same second.
        #expect(o[5].fields == ["tls.subject": "C=TW, L=Taipei, O=Synology Inc., CN=synology.com",
                                "masscan.ssl": "TLS/1.2 cipher:0xc02f, synology.com"])
        #expect(o[6].ip.description == "2001:db8::25" && o[6].fields == ["masscan.ttl": "57"])
    }

    @Test func listFixture() throws {
        let path = fixturePath("scan/masscan.txt")
        let run = try runImport(path)
        #expect(run.summary.format == "masscan-list")
        #expect(run.summary.lines == 15)
        #expect(run.summary.records == 8)
        #expect(run.summary.ignored == 3)
        #expect(run.bad.map(\.line) == [8, 9, 13])
        #expect(run.bad[0].description == "\(path):8: '192.0.2.300' is not an IP address")
        #expect(run.bad[1].reason.contains("99999"))
        #expect(run.bad[2].reason.contains("'opened'"))

        let o = run.observations
        #expect(o.map(\.source.line) == [2, 3, 5, 6, 7, 10, 12, 14])
        #expect(o.map(\.proto) == ["tcp", "http", "tcp", "ssh", "telnet", "ftp", "udp", "tcp"])
        #expect(o.map(\.port) == [80, 80, 22, 22, 23, 21, 161, 443])
        #expect(o.map(\.time) == [0, 2, 4, 5, 6, 9, 11, 13].map { masscanStart + Double($0) })
        #expect(o[0].fields.isEmpty)
        #expect(o[1].fields == ["http.status": "401", "http.server": "DNVRS-Webs", "http.www_authenticate": "Basic realm=\"DVR\"",
                                "http.title": "Document Error: Unauthorized"])
        #expect(o[3].fields == ["ssh.banner": "SSH-2.0-dropbear_2019.78"])
        #expect(o[4].fields == ["telnet.banner": "\r\nDVR login: "])
        #expect(o[5].fields == ["ftp.banner": "220 (vsFTPd 3.0.5)\r\n"])
        #expect(o[7].ip.description == "2001:db8::25")
    }

    @Test func ndjsonRecordsAreMasscanJSON() throws {
        let path = try temporaryFile("""
            {"ip":"192.0.2.7","timestamp":"1767690000","port":80,"proto":"tcp","rec_type":"status","data":{"status":"open","reason":"syn-ack","ttl":54}}
            {"ip":"192.0.2.7","timestamp":"1767690002","port":80,"proto":"tcp","rec_type":"banner","data":{"service_name":"http.server","banner":"DNVRS-Webs"}}
            {"ip":"192.0.2.7","timestamp":"1767690002","port":80,"proto":"tcp","rec_type":"banner","data":{"service_name":"title","banner":"NVR"}}

            """, name: "scan.ndjson")
        let run = try runImport(path)
        #expect(run.summary.format == "masscan-json")
        #expect(run.observations.map(\.proto) == ["tcp", "http"])
        #expect(run.observations[1].fields == ["http.server": "DNVRS-Webs", "http.title": "NVR"])
    }

    @Test func strictModeRefusesTheFile() throws {
        #expect(throws: ImportDriver.BadLine.self) { try runImport(fixturePath("scan/masscan.json"), strict: true) }
        #expect(throws: ImportDriver.BadLine.self) { try runImport(fixturePath("scan/masscan.txt"), strict: true) }
    }

    @Test func bannerHelpers() {
        let bytes = Array("a\\x0d\\x0a\\x5c\\xZZ".utf8).withUnsafeBytes { MasscanBanner.unescapeList($0) }
        #expect(bytes == Array("a\r\n\\\\xZZ".utf8))
        #expect(TelnetNegotiation.strip([0xFF, 0xFD, 0x18, 0x41, 0xFF, 0xFF, 0xFF, 0xFA, 0x18, 0x01, 0xFF, 0xF0, 0x42] as [UInt8]) == [0x41, 0xFF, 0x42])
        #expect(MasscanBanner.fields(service: "X509", banner: Array("not base64!".utf8)).isEmpty)
        #expect(DERCertificate.subject([0x30, 0x82, 0xFF]) == nil)
        #expect(DERCertificate.subject([]) == nil)
    }
}
