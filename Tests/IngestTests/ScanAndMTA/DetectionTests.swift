import BotCensusCore
import Foundation
import Testing
@testable import Ingest

@Suite struct ScanAndMTADetectionTests {
    @Test func everyFixtureIsDetected() throws {
        let expected = [
            "mta/exim-mainlog.log": "exim", "mta/exim-syslog.log": "exim", "mta/sendmail.log": "sendmail",
            "scan/masscan.json": "masscan-json", "scan/masscan.txt": "masscan-list", "scan/masscan.xml": "nmap-xml",
            "scan/nmap.xml": "nmap-xml", "scan/nmap-interrupted.xml": "nmap-xml", "scan/shodan.json": "shodan",
            "scan/censys.jsonl": "censys", "scan/censys-host.json": "censys", "scan/censys-search.json": "censys",
        ]
        for (name, format) in expected.sorted(by: { $0.key < $1.key }) {
            #expect(try detected(fixturePath(name)) == format, "\(name)")
        }
    }

    /// The earlier formats' fixtures keep their formats: the new sniffers take nothing of theirs.
    @Test func otherFormatsKeepTheirFiles() throws {
        #expect(try detected(fixturePath("ingest/zgrab2.jsonl")) == "zgrab2")
        #expect(try detected(fixturePath("ingest/postfix-classic.log")) == "postfix")
        #expect(try detected(fixturePath("ingest/postfix-rfc3339.log")) == "postfix")
        #expect(try detected(fixturePath("ingest/p0f.log")) == "p0f")
    }

    @Test func formatsAreRegistered() {
        for name in ["exim", "sendmail", "masscan-json", "masscan-list", "nmap-xml", "shodan", "censys"] {
            #expect(EvidenceFormats.named(name) != nil, "\(name)")
        }
    }

    /// Cut anywhere, every fixture is read by its format without a crash: bad places are reported, never trapped.
    @Test func truncatedFilesNeverCrash() throws {
        let files = ["mta/exim-mainlog.log": "exim", "mta/exim-syslog.log": "exim", "mta/sendmail.log": "sendmail",
                     "scan/masscan.json": "masscan-json", "scan/masscan.txt": "masscan-list", "scan/nmap.xml": "nmap-xml",
                     "scan/shodan.json": "shodan", "scan/censys.jsonl": "censys", "scan/censys-host.json": "censys"]
        for (name, format) in files.sorted(by: { $0.key < $1.key }) {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: fixturePath(name)))
            for cut in stride(from: 1, to: bytes.count, by: max(1, bytes.count / 23)) {
                let dir = temporaryDirectory("cut")
                let url = dir.appendingPathComponent("cut")
                // Garbage after the cut: a half line, bytes that are not UTF-8.
                try (bytes.prefix(cut) + Data([0xFF, 0x00, 0x7B, 0x5B, 0x3C])).write(to: url)
                let run = try runImport(url.path, format: format, year: 2025)
                #expect(run.summary.badLines >= 1 || run.summary.records + run.summary.ignored >= 1, "\(name) cut at \(cut)")
            }
        }
    }
}
