import Foundation
import Testing
@testable import Ingest

/// Mail sniffers claim mail and nothing else (they run before the log and scan sniffers).
@Suite struct SniffTests {
    func detected(_ path: String) throws -> String? { EvidenceFormats.detect(try LineReader.head(path))?.name }

    @Test func mailFixturesAreDetected() throws {
        for name in ["postfix.eml", "exim.eml", "exim-literal.eml", "sendmail.eml", "exchange.eml", "gmail.eml",
                     "ipv6-literal.eml", "qmail.eml", "relays.eml", "no-received.eml"] {
            #expect(try detected(mailFixture(name)) == "eml", "\(name)")
        }
        #expect(try detected(mailFixture("inbox.mbox")) == "mbox")
        #expect(try detected(mailFixture("campaign.mboxrd")) == "mbox")
        #expect(try detected(mailFixture("Maildir")) == "maildir")
    }

    /// Every fixture of the other formats (logs, p0f, JSON, XML, captures, READMEs), whatever is there now.
    @Test func otherFormatsAreLeftAlone() throws {
        var names: [String] = []
        for folder in ["ingest", "mta", "scan", "pcap"] {
            let files = (try? FileManager.default.contentsOfDirectory(atPath: otherFixture(folder))) ?? []
            names += files.sorted().map { "\(folder)/\($0)" }
        }
        #expect(names.contains("ingest/postfix-classic.log") && names.contains("ingest/p0f.log") && names.contains("ingest/zgrab2.jsonl"))
        for name in names {
            let head = try LineReader.head(otherFixture(name))
            #expect(!EmlFormat.sniff(head), "\(name)")
            #expect(!MboxFormat.sniff(head), "\(name)")
            #expect(!MaildirFormat.sniff(head), "\(name)")
        }
    }

    @Test func lookalikes() {
        func head(_ text: String) -> FileHead { FileHead(path: "x", bytes: Array(text.utf8), lines: [], isDirectory: false) }
        #expect(!EmlFormat.sniff(head("{\"from\": \"a\", \"to\": \"b\"}\n")))
        #expect(!EmlFormat.sniff(head("2026-01-06T03:04:05.000000+01:00 mx postfix/smtpd[1]: connect from x[192.0.2.1]\n")))
        #expect(!EmlFormat.sniff(head("2026-01-06 03:04:05 1vXyZq-000Abc-7F <= a@b H=x [192.0.2.1]\n")))
        #expect(!EmlFormat.sniff(head("name: botcensus\nversion: 1\n")))             // YAML
        #expect(!EmlFormat.sniff(head("from: a\nsubject: b\n")))                     // two weak fields only
        #expect(EmlFormat.sniff(head("From: a\nTo: b\nSubject: c\n\nbody\n")))       // three weak fields
        #expect(EmlFormat.sniff(head("Return-Path: <a@b>\nReceived: from x\n")))
        #expect(!EmlFormat.sniff(head("From a@b Tue Jan  6 13:00:00 2026\nReceived: x\n")))
        #expect(MboxFormat.sniff(head("From a@b Tue Jan  6 13:00:00 2026\nReceived: x\nSubject: y\n")))
        #expect(!MboxFormat.sniff(head("From here on, plain text.\nNo headers.\n")))
    }
}
