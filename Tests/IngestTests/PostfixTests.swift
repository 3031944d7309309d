import BotCensusCore
import Testing
@testable import Ingest

@Suite struct PostfixTests {
    @Test func classicSyslogFixture() throws {
        let run = try runImport(fixture("postfix-classic.log"), year: 2025)
        #expect(run.summary.format == "postfix")
        #expect(run.summary.lines == 22)
        #expect(run.summary.records == 8)
        #expect(run.summary.ignored == 11)
        #expect(run.summary.badLines == 3)
        #expect(run.bad.map(\.line) == [14, 16, 17])
        #expect(run.bad[0].description.hasPrefix(fixture("postfix-classic.log") + ":14: "))
        #expect(run.bad[0].reason.contains("999.12.1.1"))
        #expect(run.bad[1].reason.contains("']'"))
        #expect(run.bad[2].reason.contains("timestamp"))

        let e = run.events
        #expect(e.map(\.source.line) == [1, 3, 4, 7, 9, 12, 13, 15])
        #expect(e.map(\.kind) == [.connection, .connection, .message, .connection, .message, .connection, .connection, .message])
        #expect(e[0].time == utc("2025-12-31T23:59:57Z"))
        #expect(e[2].queueID == "3F2A61C0E5")
        // New-Year roll-over: the year grows when the month falls back.
        #expect(e[3].time == utc("2026-01-01T00:00:00Z"))
        #expect(e[3].hostname == "dsl-203-0-113-7.example.net")
        #expect(e[4].queueID == "4dQx7Z1bKmz9")
        #expect(e[4].ip.description == "203.0.113.7")
        #expect(e[5].ip.description == "2001:db8::25")
        #expect(Set(e.map(\.ip.description)) == ["192.0.2.10", "203.0.113.7", "2001:db8::25"])
        // Outbound relays, warnings and anvil lines carry addresses but are not spam clients.
        #expect(!e.contains { ["198.51.100.200", "198.51.100.77", "192.0.2.66"].contains($0.ip.description) })
    }

    @Test func rfc3339FixtureKeepsOffsetsAndFractions() throws {
        let run = try runImport(fixture("postfix-rfc3339.log"))
        #expect(run.summary.records == 8)
        #expect(run.summary.ignored == 11)
        #expect(run.bad.map(\.line) == [14, 16, 17])
        let e = run.events
        #expect(abs(e[0].time - utc("2026-03-03T23:59:58.912034Z")) < 1e-6)
        #expect(abs(e[3].time - utc("2026-03-04T04:06:07.123456Z")) < 1e-6)
        #expect(e[4].queueID == "8GmW2cYp1Lq")
    }

    @Test func yearFromModificationTimeWhenNotGiven() throws {
        // A December line in a file last written in January began last year.
        let path = try temporaryFile("Dec 31 23:59:58 trap postfix/smtpd[1]: connect from unknown[192.0.2.1]\nJan  1 00:00:01 trap postfix/smtpd[1]: connect from unknown[192.0.2.1]\n")
        let january2027 = TimeFormat.timestamp(year: 2027, month: 1, day: 2, hour: 0, minute: 0, second: 0)
        var times = timeval(tv_sec: Int(january2027), tv_usec: 0)
        var pair = [times, times]
        _ = utimes(path, &pair)
        _ = times
        let run = try runImport(path)
        #expect(run.events.map(\.time) == [utc("2026-12-31T23:59:58Z"), utc("2027-01-01T00:00:01Z")])
    }

    @Test func strictModeStopsAtFirstBadLine() throws {
        #expect(throws: ImportDriver.BadLine.self) { try runImport(fixture("postfix-classic.log"), year: 2025, strict: true) }
        do {
            _ = try runImport(fixture("postfix-classic.log"), year: 2025, strict: true)
        } catch let bad as ImportDriver.BadLine {
            #expect(bad.line == 14)
        }
    }

    @Test func fixedOffsetForZonelessTimes() throws {
        let path = try temporaryFile("Mar  4 05:06:07 trap postfix/smtpd[1]: connect from unknown[192.0.2.1]\n")
        let run = try runImport(path, year: 2026, localTime: LocalTime("+01:00")!)
        #expect(run.events[0].time == utc("2026-03-04T04:06:07Z"))
        #expect(LocalTime("-0500") == .offset(-18000))
        #expect(LocalTime("bogus") == nil)
    }

    @Test func crlfAndMissingFinalNewline() throws {
        let path = try temporaryFile("Mar  4 05:06:07 trap postfix/smtpd[1]: connect from unknown[192.0.2.1]\r\nMar  4 05:06:08 trap postfix/smtpd[1]: ABC123: client=unknown[192.0.2.1]")
        let run = try runImport(path, year: 2026)
        #expect(run.summary.records == 2)
        #expect(run.events[1].queueID == "ABC123")
    }
}

#if canImport(Glibc)
import Glibc
#endif
