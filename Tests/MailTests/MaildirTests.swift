import BotCensusCore
import Foundation
import Testing
@testable import Ingest

@Suite struct MaildirTests {
    @Test func readsCurAndNewInNameOrderAndSkipsTmp() throws {
        let root = mailFixture("Maildir")
        let run = try importMail(root)
        #expect(run.summary.format == "maildir")
        #expect(run.summary.lines == 3) // messages: tmp/ is not read
        #expect(run.summary.records == 2)
        #expect(run.bad.map(\.description) == ["\(root): message 2 (new/1767776500.M2P101.mx.example.net): no Received header names a sending address"])
        #expect(run.bad.first?.place == .unit("message 2 (new/1767776500.M2P101.mx.example.net)"))
        let e = run.events
        #expect(e.map(\.ip.description) == ["192.0.2.101", "192.0.2.103"])
        #expect(e.map(\.helo) == ["helo-md1", "helo-md3"])
        #expect(e.map(\.queueID) == ["4dQC0001", "4dQC0003"])
        #expect(e[0].time == utc("2026-01-07T09:00:00Z"))
        #expect(e[1].time == 1767776600) // no date anywhere: the delivery time in the file name
        #expect(e[0].source == SourceRef(file: root + "/cur/1767776400.M1P100.mx.example.net:2,S", line: 1))
        #expect(e[1].source == SourceRef(file: root + "/new/1767776600.M3P102.mx.example.net", line: 1))
    }

    /// The folder's SHA-256 covers unique names and contents: the same folder hashes the same, a mail reader
    /// moving a message from new/ to cur/ with flags changes nothing, a changed message changes it.
    @Test func folderHashIsStableAcrossReadsAndMoves() throws {
        let fm = FileManager.default
        let copy = try temporaryDirectory().appendingPathComponent("Maildir")
        try fm.copyItem(at: URL(fileURLWithPath: mailFixture("Maildir")), to: copy)
        let first = try importMail(copy.path).summary.sha256
        #expect(first.count == 64)
        #expect(try importMail(copy.path).summary.sha256 == first)

        try fm.moveItem(at: copy.appendingPathComponent("new/1767776600.M3P102.mx.example.net"),
                        to: copy.appendingPathComponent("cur/1767776600.M3P102.mx.example.net:2,RS"))
        let moved = try importMail(copy.path)
        #expect(moved.summary.sha256 == first)
        #expect(moved.events.map(\.ip.description) == ["192.0.2.101", "192.0.2.103"])

        try Data("Received: from x (y [192.0.2.1]) by mx; Wed, 7 Jan 2026 09:00:00 +0000\n\nchanged\n".utf8)
            .write(to: copy.appendingPathComponent("cur/1767776400.M1P100.mx.example.net:2,S"))
        #expect(try importMail(copy.path).summary.sha256 != first)
    }

    @Test func sniffsOnlyFoldersWithCurAndNew() throws {
        let dir = try temporaryDirectory()
        let head = try LineReader.head(dir.path)
        #expect(head.isDirectory)
        #expect(!MaildirFormat.sniff(head))
        #expect(MaildirFormat.sniff(try LineReader.head(mailFixture("Maildir"))))
        #expect(EvidenceFormats.detect(try LineReader.head(mailFixture("Maildir"))) == MaildirFormat.self)
    }
}

extension Optional where Wrapped == any EvidenceFormat.Type {
    static func == (a: Self, b: any EvidenceFormat.Type) -> Bool { a.map { $0 == b } ?? false }
}
