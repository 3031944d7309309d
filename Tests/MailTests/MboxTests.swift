import BotCensusCore
import Testing
@testable import Ingest

@Suite struct MboxTests {
    /// mboxo: four messages; a quoted `>From ` body line; an unquoted `From ` line without an empty line
    /// before it (body, not a separator); a message without Received; a time from the envelope only; a
    /// folded RFC 2047 subject and a folded Message-ID.
    @Test func mboxo() throws {
        let path = mailFixture("inbox.mbox")
        let run = try importMail(path)
        #expect(run.summary.format == "mbox")
        #expect(run.summary.lines == 4) // messages
        #expect(run.summary.records == 3)
        #expect(run.bad.map(\.description) == ["\(path):11: message 2: no Received header names a sending address"])
        #expect(run.bad.first?.line == 11)

        let e = run.events
        #expect(e.map(\.ip.description) == ["198.51.100.1", "198.51.100.3", "198.51.100.4"])
        #expect(e.map(\.source.line) == [1, 18, 25])
        #expect(e.map(\.helo) == ["helo-one", "helo-three", "helo-four"])
        #expect(e.map(\.hostname) == ["host-one.example", nil, "host-four.example"])
        #expect(e.map(\.queueID) == ["4dQAA1aaaaz9sY1", "4dQAA3cccc", "4dQAA4dddd"])
        #expect(e[0].time == utc("2026-01-06T12:59:58Z"))
        #expect(e[1].time == utc("2026-01-06T13:10:00Z")) // Received without date, no Date: the `From -` line
        #expect(e[2].time == utc("2026-01-06T13:14:58Z"))
        #expect(e[0].messageID == "one@example")
        #expect(e[2].messageID == "four@example") // value folded onto the next line
        #expect(e[2].subject == "Ihre Bestellung wurde versandt (Nr. 4711)") // folded, two encoded words, a comment
        #expect(e[0].campaign == campaignKey("from the desk of the ceo: a body line an mboxo writer quoted. from here on not a separator: no empty line before it."))
    }

    /// mboxrd: a campaign of three (names, links, ids, transfer encodings and charsets differ) and a
    /// different message whose `>From ` and `>>From ` lines lose one `>`.
    @Test func mboxrdCampaigns() throws {
        let run = try importMail(mailFixture("campaign.mboxrd"))
        #expect(run.summary.format == "mbox")
        #expect(run.summary.lines == 4)
        #expect(run.bad.isEmpty)
        let e = run.events
        #expect(e.count == 4)
        #expect(e.map(\.ip.description) == ["203.0.113.11", "203.0.113.12", "203.0.113.13", "198.51.100.50"])
        #expect(e.map(\.subject) == ["Your parcel DX-448120", "Your parcel DX-991377", "Your parcel DX-120004", "Winter sale – up to 70% off"])
        #expect(e.map(\.time) == [utc("2026-01-07T09:00:00Z"), utc("2026-01-07T09:01:00Z"), utc("2026-01-07T09:02:00Z"), utc("2026-01-07T10:00:00Z")])

        let parcel = campaignKey("dear <name>, your parcel dx-<num> is waiting at our depot. confirm the delivery address within <num> hours: <url> questions? write to <email> or reply to <email>. ref: <hex> café logistics")
        #expect(parcel == "18c12a7489ef840e")
        #expect(e[0].campaign == parcel) // quoted-printable UTF-8
        #expect(e[1].campaign == parcel) // base64 UTF-8
        #expect(e[2].campaign == parcel) // quoted-printable ISO-8859-1
        let sale = campaignKey("winter sale: everything must go, up to <num>% off at <url> from our warehouse to your door. >from the archive: a line that was \">from \" before mboxrd quoting.")
        #expect(sale == "3bb7720354623e8c")
        #expect(e[3].campaign == sale)
    }

    @Test func textBeforeTheFirstFromLineIsReportedOnce() throws {
        let text = "garbage\nmore garbage\n\nFrom a@b Tue Jan  6 13:00:00 2026\nReceived: from h (r [192.0.2.9]) by mx; Tue, 6 Jan 2026 13:00:00 +0000\n\nx\n"
        let run = try importMail(try temporaryFile(text, name: "box.mbox"), format: "mbox")
        #expect(run.bad.map(\.line) == [1])
        #expect(run.events.map(\.ip.description) == ["192.0.2.9"])
    }

    @Test func envelopeDateForms() throws {
        func time(_ line: String) -> Timestamp? {
            var copy = line
            return copy.withUTF8 { MboxFormat.envelopeTime(ByteLine(UnsafeRawBufferPointer($0)), localTime: .utc) }
        }
        #expect(time("From MAILER-DAEMON Tue Jan  6 13:00:00 2026") == utc("2026-01-06T13:00:00Z"))
        #expect(time("From - Tue Jan 06 13:00:00 2026") == utc("2026-01-06T13:00:00Z"))
        #expect(time("From a@b Tue Jan  6 13:00:00 +0100 2026") == utc("2026-01-06T12:00:00Z"))
        #expect(time("From a@b") == nil)
    }
}
