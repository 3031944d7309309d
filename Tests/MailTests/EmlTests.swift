import BotCensusCore
import Testing
@testable import Ingest

/// One .eml per MTA's Received style; every field of the event asserted.
@Suite struct EmlTests {
    @Test func postfixWithForgedHeaderBelow() throws {
        let e = try onlyEvent("postfix.eml")
        #expect(e.kind == .message)
        #expect(e.ip.description == "203.0.113.7") // not 198.51.100.99 of the forged header below
        #expect(e.time == utc("2026-01-06T03:04:05Z"))
        #expect(e.helo == "WIN-7H3K2LQ")
        #expect(e.hostname == "dyn-203-0-113-7.dsl.example.org")
        #expect(e.queueID == "4dQ7xK2Zb9z9sWn")
        #expect(e.messageID == "20260106030358.4411@bank.example")
        #expect(e.subject == "Your account is locked 🔒")
        #expect(e.mailer == "Microsoft Outlook Express 6.00.2900.5512")
        #expect(e.sentAt == utc("2026-01-06T03:03:58Z"))
        #expect(e.source == SourceRef(file: mailFixture("postfix.eml"), line: 1))
        #expect(e.campaign == campaignKey("dear customer, your account has been locked. confirm your identity within <num> hours: <url> bank security team"))
        #expect(e.campaign == "b59d678ce1fffafe")
    }

    @Test func eximRDNSAndHelo() throws {
        let e = try onlyEvent("exim.eml")
        #expect(e.ip.description == "198.51.100.23")
        #expect(e.hostname == "dyn-198-51-100-23.cable.example")
        #expect(e.helo == "hp-printer")
        #expect(e.queueID == "1vXyZq-000Abc-7F")
        #expect(e.time == utc("2026-01-06T04:06:07Z"))
        #expect(e.sentAt == utc("2026-01-06T04:06:01Z"))
        #expect(e.subject == "Réduction de 50%")
        #expect(e.messageID == "1vXyZp-0000Zz-00@smtp.shop.example")
        #expect(e.mailer == nil)
        // Quoted-printable Latin-1 body, transcoded to UTF-8 before hashing.
        #expect(e.campaign == campaignKey("profitez d'une réduction de <num>% sur tout le magasin."))
    }

    @Test func eximAddressLiteralAndLatin1Header() throws {
        let e = try onlyEvent("exim-literal.eml")
        #expect(e.ip.description == "203.0.113.45")
        #expect(e.hostname == nil)
        #expect(e.helo == "User")
        #expect(e.queueID == "1vXz00-000Xyz-2a")
        #expect(e.time == utc("2026-01-06T06:00:00Z"))
        #expect(e.subject == "Große Rabatte für Sie") // raw 8-bit bytes, not UTF-8: read as Latin-1
        #expect(e.mailer == "Mozilla/5.0 (Windows NT 6.1; rv:52.0) Gecko/20100101 Thunderbird/52.9.1")
        #expect(e.campaign == campaignKey("große rabatte für sie!"))
    }

    @Test func sendmailMayBeForged() throws {
        let e = try onlyEvent("sendmail.eml")
        #expect(e.ip.description == "203.0.113.88")
        #expect(e.helo == "bigpond-helo")
        #expect(e.hostname == "cpe-203-0-113-88.example.net") // kept; it only may not count as a relay name
        #expect(e.queueID == "605EaBcD012345")
        #expect(e.time == utc("2026-01-06T12:08:09Z"))
        #expect(e.sentAt == utc("2026-01-06T12:08:00Z"))
        #expect(e.subject == "\u{201C}Free\u{201D} iPhone \u{2013} today only") // windows-1252 Q word
        #expect(e.mailer == "The Bat! (v3.51.10) Professional")
        #expect(e.campaign == campaignKey("claim it now."))
    }

    @Test func office365DefaultTrustsOnlyTheTopmostHeader() throws {
        let e = try onlyEvent("exchange.eml")
        #expect(e.ip.description == "2603:10b6:404:c0::34")
        #expect(e.helo == "BN6PR12MB5678.namprd12.prod.outlook.com")
        #expect(e.hostname == nil)
        #expect(e.queueID == nil)
        #expect(e.time == utc("2026-01-06T08:09:12Z"))
        #expect(e.subject == "Rechnung für Ihre Bestellung") // "ü" split across two encoded words
        #expect(e.mailer == "PHPMailer 6.9.1 (https://github.com/PHPMailer/PHPMailer)")
        #expect(e.messageID == "BN1PR01MB0001.inv@invoices.example")
    }

    @Test func office365WithMicrosoftRelaysTrusted() throws {
        let e = try onlyEvent("exchange.eml", relays: ["*.outlook.com"])
        #expect(e.ip.description == "198.51.100.140") // bare IPv4 of `from HOST (IP)`; not the forged 192.0.2.200
        #expect(e.helo == "smtp.invoices.example")
        #expect(e.hostname == nil)
        #expect(e.queueID == nil) // Exchange's `id` is its build number, not a queue id
        #expect(e.time == utc("2026-01-06T08:09:10Z"))
    }

    @Test func gmailSkipsItsInternalByOnlyHop() throws {
        let e = try onlyEvent("gmail.eml")
        #expect(e.ip.description == "2001:db8:5::25")
        #expect(e.hostname == "mail-out.example.org") // trailing dot of Gmail's `rDNS.` removed
        #expect(e.helo == "mail-out.example.org")
        #expect(e.queueID == "a1si1234567pgb.123.2026.01.06.01.02.02")
        #expect(e.time == utc("2026-01-06T09:02:02Z"))
        #expect(e.sentAt == utc("2026-01-06T09:01:59Z"))
        #expect(e.subject == "You have won")
        #expect(e.messageID == "CAJ7x=abc123@mail.gmail.com")
    }

    @Test func ipv6AddressLiteral() throws {
        let e = try onlyEvent("ipv6-literal.eml")
        #expect(e.ip.description == "2001:db8::1")
        #expect(e.helo == "[IPv6:2001:db8::1]")
        #expect(e.hostname == nil)
        #expect(e.queueID == "4dQ8aa1bcdz9sX0")
        #expect(e.time == utc("2026-01-06T10:11:12Z"))
        #expect(e.sentAt == nil)
        #expect(e.messageID == nil)
        #expect(e.mailer == nil)
    }

    @Test func qmailCommentOnlyHeaderThenHeloComment() throws {
        let e = try onlyEvent("qmail.eml")
        #expect(e.ip.description == "203.0.113.201")
        #expect(e.helo == "mailer.example")
        #expect(e.hostname == nil)
        #expect(e.time == utc("2026-01-06T11:12:13Z"))
    }

    @Test func messageWithoutReceivedIsABadUnit() throws {
        let run = try importMail(mailFixture("no-received.eml"))
        #expect(run.summary.format == "eml")
        #expect(run.summary.lines == 1)
        #expect(run.summary.records == 0)
        #expect(run.events.isEmpty)
        #expect(run.bad.map(\.description) == ["\(mailFixture("no-received.eml")):1: message 1: no Received header names a sending address"])
        #expect(throws: ImportDriver.BadLine.self) { try importMail(mailFixture("no-received.eml"), strict: true) }
    }

    @Test func crlfLineEnds() throws {
        let text = "Received: from h (r.example [192.0.2.5])\r\n\tby mx.example.net (Postfix) with ESMTP id Q1;\r\n\tTue,  6 Jan 2026 03:04:05 +0000\r\nSubject: =?us-ascii?Q?crlf?=\r\n\r\nbody\r\n"
        let run = try importMail(try temporaryFile(text), format: "eml")
        #expect(run.events.count == 1)
        #expect(run.events.first?.ip.description == "192.0.2.5")
        #expect(run.events.first?.subject == "crlf")
        #expect(run.events.first?.queueID == "Q1")
    }

    @Test func headerThatNeverEndsIsBoundedAndBad() throws {
        var text = "Received: from h (r.example [192.0.2.5]) by mx.example.net; Tue, 6 Jan 2026 03:04:05 +0000\n"
        let filler = "X-Filler: " + String(repeating: "x", count: 1000) + "\n"
        for _ in 0..<300 { text += filler }
        let run = try importMail(try temporaryFile(text), format: "eml")
        #expect(run.events.isEmpty)
        #expect(run.bad.count == 1)
        #expect(run.bad.first?.reason.hasPrefix("message 1: header longer than 256 KiB") == true)
    }
}
