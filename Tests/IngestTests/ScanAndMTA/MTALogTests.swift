import BotCensusCore
import Foundation
import Testing
@testable import Ingest

@Suite struct EximTests {
    @Test func mainlogFixture() throws {
        let path = fixturePath("mta/exim-mainlog.log")
        let run = try runImport(path)
        #expect(run.summary.format == "exim")
        #expect(run.summary.lines == 20)
        #expect(run.summary.records == 7)
        #expect(run.summary.ignored == 10)
        #expect(run.summary.badLines == 3)
        #expect(run.bad.map(\.line) == [13, 14, 15])
        #expect(run.bad[0].description == "\(path):13: '999.0.2.1' is not an IP address")
        #expect(run.bad[1].reason.contains("HELO"))
        #expect(run.bad[2].reason.contains("Exim timestamp"))

        let e = run.events
        #expect(e.map(\.source.line) == [2, 3, 6, 9, 11, 16, 20])
        #expect(e.map(\.kind) == [.connection, .message, .message, .message, .message, .message, .connection])
        #expect(e.map(\.ip.description) == ["192.0.2.7", "192.0.2.7", "198.51.100.23", "203.0.113.9", "2001:db8::44", "192.0.2.8", "203.0.113.9"])
        #expect(e[0].time == utc("2026-01-06T03:04:05Z"))
        #expect(e[0].hostname == nil && e[0].helo == nil && e[0].queueID == nil)
        // `H=name (helo) [ip]:port`: rDNS name, HELO and the message id as queue id.
        #expect(e[1].hostname == "dsl-192-0-2-7.example.net")
        #expect(e[1].helo == "win-7f3k2")
        #expect(e[1].queueID == "1tUvXy-000Abc-12")
        #expect(e[1].time == utc("2026-01-06T03:04:06Z"))
        // `H=(helo) [ip]:port`
        #expect(e[2].hostname == nil && e[2].helo == "ylmf-pc" && e[2].queueID == "1tUvXz-000Bcd-34")
        // Milliseconds and log_timezone's `+0100`; a quoted sender with a space; `H=name [ip]` without port.
        #expect(abs(e[3].time - utc("2026-01-06T02:06:07.123Z")) < 1e-6)
        #expect(e[3].hostname == "mail.example.org" && e[3].helo == nil)
        // An address-literal HELO before an IPv6 client.
        #expect(e[4].helo == "[192.0.2.44]" && e[4].hostname == nil)
        // `+pid` puts `[4321] ` before the message id.
        #expect(e[5].queueID == "1tUvY6-000Ijk-78" && e[5].time == utc("2026-01-06T03:10:00Z"))
        #expect(e[6].hostname == "mail.example.org" && e[6].time == utc("2026-01-06T03:11:30Z"))
        // The local submission's subject names an address: not a client.
        #expect(!e.contains { $0.ip.description == "192.0.2.99" || $0.ip.description == "192.0.2.9" })
    }

    @Test func zonelessTimesFollowTimezoneButWrittenZonesWin() throws {
        let run = try runImport(fixturePath("mta/exim-mainlog.log"), localTime: .offset(3600))
        #expect(run.events[1].time == utc("2026-01-06T02:04:06Z"))
        #expect(abs(run.events[3].time - utc("2026-01-06T02:06:07.123Z")) < 1e-6)
    }

    @Test func syslogWrappedAcrossNewYear() throws {
        let path = fixturePath("mta/exim-syslog.log")
        let run = try runImport(path, year: 2025)
        #expect(run.summary.format == "exim")
        #expect(run.summary.lines == 9)
        #expect(run.summary.records == 4)
        #expect(run.summary.ignored == 3)
        #expect(run.bad.map(\.line) == [7, 8])
        #expect(run.bad[0].reason == "'192.0.2.300' is not an IP address")
        #expect(run.bad[1].reason.contains("syslog timestamp"))
        let e = run.events
        #expect(e.map(\.source.line) == [1, 2, 3, 6])
        #expect(e.map(\.kind) == [.message, .connection, .message, .message])
        #expect(e[0].time == utc("2025-12-31T23:59:58Z"))
        #expect(e[0].helo == "helo-a" && e[0].queueID == "1tZzZz-000Aaa-11")
        // Exim's own time inside the syslog line (syslog_timestamp) is used: it has the year.
        #expect(e[1].time == utc("2025-12-31T23:59:59Z") && e[1].ip.description == "192.0.2.51")
        // December → January: the year grows.
        #expect(e[2].time == utc("2026-01-01T00:00:01Z"))
        #expect(e[2].hostname == "host-51.example" && e[2].helo == nil)
        // An RFC 3339 syslog header with offset and fraction.
        #expect(e[3].time == utc("2026-01-01T00:00:04.5Z"))
    }

    @Test func yearFromModificationTime() throws {
        let text = try String(contentsOfFile: fixturePath("mta/exim-syslog.log"), encoding: .utf8)
        let path = try temporaryFile(text)
        try setModificationTime(path, utc("2026-01-02T00:00:00Z"))
        let run = try runImport(path)
        #expect(run.events.map(\.time).first == utc("2025-12-31T23:59:58Z"))
        #expect(run.events[2].time == utc("2026-01-01T00:00:01Z"))
    }

    @Test func hostFieldForms() throws {
        func host(_ text: String) throws -> EximHostField {
            var copy = text
            return try copy.withUTF8 { try EximHostField(ByteLine(UnsafeRawBufferPointer($0)), from: 0) }
        }
        let bare = try host("[192.0.2.1]")
        #expect(bare.ip.description == "192.0.2.1" && bare.name == nil && bare.helo == nil && bare.port == nil)
        let v6 = try host("name.example (helo.example) [2001:db8::1]:2525 P=esmtp")
        #expect(v6.ip.description == "2001:db8::1" && v6.name == "name.example" && v6.helo == "helo.example" && v6.port == 2525)
        #expect(throws: LineError.self) { try host("name.example") }
        #expect(throws: LineError.self) { try host("[192.0.2.1") }
        #expect(throws: LineError.self) { try host("[192.0.2.1]:99999") }
    }

    @Test func strictModeRefusesTheFile() throws {
        do {
            _ = try runImport(fixturePath("mta/exim-mainlog.log"), strict: true)
            Issue.record("strict import of a file with bad lines succeeded")
        } catch let bad as ImportDriver.BadLine {
            #expect(bad.line == 13)
        }
    }
}

@Suite struct SendmailTests {
    @Test func fixtureAcrossNewYear() throws {
        let path = fixturePath("mta/sendmail.log")
        let run = try runImport(path, year: 2025)
        #expect(run.summary.format == "sendmail")
        #expect(run.summary.lines == 14)
        #expect(run.summary.records == 5)
        #expect(run.summary.ignored == 6)
        #expect(run.bad.map(\.line) == [10, 11, 12])
        #expect(run.bad[0].description == "\(path):10: relay '203.0.113.300' is not an IP address")
        #expect(run.bad[1].reason == "relay address without closing ']'")
        #expect(run.bad[2].reason == "from= line without relay=")

        let e = run.events
        #expect(e.map(\.source.line) == [1, 3, 4, 5, 13])
        #expect(e.allSatisfy { $0.kind == .message && $0.helo == nil })
        #expect(e.map(\.ip.description) == ["203.0.113.7", "198.51.100.23", "192.0.2.7", "2001:db8::25", "192.0.2.77"])
        #expect(e.map(\.queueID) == ["5BVNw0aA001001", "5BVNxUbB001002", "6010AAcC001003", "6010ABdD001004", "6020BAkK001012"])
        #expect(e.map(\.hostname) == ["dsl-7.example.net", nil, "forged.example.com", "v6host.example", "ident.example"])
        #expect(e[0].time == utc("2025-12-31T23:58:00Z"))
        #expect(e[1].time == utc("2025-12-31T23:59:30Z"))
        #expect(e[2].time == utc("2026-01-01T00:00:10Z"))
        #expect(e[4].time == utc("2026-01-02T07:00:00Z"))
        // The msgid's `relay=[6.6.6.6]` was written by the sender; rejections and STARTTLS lines are not messages.
        #expect(!e.contains { ["6.6.6.6", "192.0.2.99", "203.0.113.9", "192.0.2.88"].contains($0.ip.description) })
    }

    @Test func strictModeRefusesTheFile() throws {
        #expect(throws: ImportDriver.BadLine.self) { try runImport(fixturePath("mta/sendmail.log"), year: 2025, strict: true) }
    }
}
