import BotCensusCore
import Testing
@testable import Ingest

/// `--trusted-relays` through `ImportOptions(trustedRelays:)` on relays.eml:
/// mx.example.net ← relay.example.net [192.0.2.10] ← EHLO-NAME [203.0.113.99] ← forged [198.51.100.66].
@Suite struct TrustBoundaryTests {
    @Test func defaultTrustsOnlyTheTopmostHeader() throws {
        let e = try onlyEvent("relays.eml")
        #expect(e.ip.description == "192.0.2.10")
        #expect(e.helo == "relay.example.net")
        #expect(e.hostname == "relay.example.net")
        #expect(e.queueID == "4dQ9R1aaaaz9sX1")
        #expect(e.time == utc("2026-01-06T12:00:02Z"))
    }

    @Test func cidrRelayMovesTheBoundaryOneHopDown() throws {
        let e = try onlyEvent("relays.eml", relays: ["192.0.2.0/24"])
        #expect(e.ip.description == "203.0.113.99")
        #expect(e.helo == "EHLO-NAME")
        #expect(e.hostname == "dyn-203-0-113-99.example.org")
        #expect(e.queueID == "4dQ9R0bbbbz9sX2")
        #expect(e.time == utc("2026-01-06T12:00:01Z"))
    }

    @Test func hostNameRelayMatchedAgainstTheByHostBelow() throws {
        let e = try onlyEvent("relays.eml", relays: ["relay.example.net"])
        #expect(e.ip.description == "203.0.113.99")
        #expect(try onlyEvent("relays.eml", relays: ["*.example.net"]).ip.description == "203.0.113.99")
        #expect(try onlyEvent("relays.eml", relays: ["RELAY.example.net."]).ip.description == "203.0.113.99")
        // Our MX's own name does not make the relay ours.
        #expect(try onlyEvent("relays.eml", relays: ["mx.example.net"]).ip.description == "192.0.2.10")
        // Several entries in one comma-separated string, as a command line gives them.
        #expect(try onlyEvent("relays.eml", relays: ["10.0.0.0/8, relay.example.net"]).ip.description == "203.0.113.99")
    }

    @Test func walkStopsAtTheFirstOutsideSender() throws {
        // Only when the user says 203.0.113.0/24 is theirs does the walk reach the (otherwise forged) header.
        #expect(try onlyEvent("relays.eml", relays: ["192.0.2.10", "203.0.113.0/24"]).ip.description == "198.51.100.66")
        // Everything ours: mail from inside, counted as ignored, not as an error.
        let run = try importMail(mailFixture("relays.eml"), relays: ["0.0.0.0/0"])
        #expect(run.events.isEmpty && run.bad.isEmpty)
        #expect(run.summary.ignored == 1)
    }

    @Test func badRelayEntryFailsTheImport() throws {
        #expect(throws: TrustedRelays.EntryError.self) { try importMail(mailFixture("relays.eml"), relays: ["192.0.2.0/33"]) }
        #expect(throws: TrustedRelays.EntryError.self) { try TrustedRelays(["not a host!"]) }
    }

    @Test func networks() throws {
        let r = try TrustedRelays(["192.0.2.0/24", "2001:db8::/32", "198.51.100.7", "mx.example.net", ".example.org"])
        #expect(r.contains(IPAddress("192.0.2.255")!))
        #expect(!r.contains(IPAddress("192.0.3.0")!))
        #expect(r.contains(IPAddress("2001:db8:ffff::1")!))
        #expect(!r.contains(IPAddress("2001:db9::1")!))
        #expect(r.contains(IPAddress("198.51.100.7")!))
        #expect(!r.contains(IPAddress("198.51.100.8")!))
        #expect(r.names("mx.example.net") && r.names("a.b.example.org") && !r.names("example.org") && !r.names("mx.example.com"))
        let v6 = try TrustedRelays(["2001:db8:0:1::/64", "::1/128", "0.0.0.0/0"])
        #expect(v6.contains(IPAddress("2001:db8:0:1:ffff::1")!) && !v6.contains(IPAddress("2001:db8:0:2::1")!))
        #expect(v6.contains(IPAddress("::1")!) && !v6.contains(IPAddress("::2")!))
        #expect(v6.contains(IPAddress("203.0.113.1")!))
    }

    /// A content filter on our own machine (amavis) re-injects over loopback: those hops are ours.
    @Test func loopbackHopsAreOurs() throws {
        let text = """
        Received: from localhost (localhost [127.0.0.1])
        \tby mx.example.net (Postfix) with ESMTP id AFTER1; Tue,  6 Jan 2026 03:04:07 +0000 (UTC)
        Received: from mx.example.net ([127.0.0.1])
        \tby localhost (mx.example.net [127.0.0.1]) (amavisd-new, port 10024) with ESMTP id amv1;
        \tTue,  6 Jan 2026 03:04:06 +0000 (UTC)
        Received: from bot-helo (unknown [203.0.113.70])
        \tby mx.example.net (Postfix) with ESMTP id BEFORE1; Tue,  6 Jan 2026 03:04:05 +0000 (UTC)
        Subject: filtered

        x

        """
        let run = try importMail(try temporaryFile(text), format: "eml")
        #expect(run.events.map(\.ip.description) == ["203.0.113.70"])
        #expect(run.events.first?.queueID == "BEFORE1")
    }

    /// A HELO that looks like TCP-info does not give the address: the comment the MTA wrote does.
    @Test func heloDisguisedAsComment() throws {
        let text = "Received: from x([198.51.100.250]) (unknown [203.0.113.250])\n\tby mx.example.net (Postfix) with ESMTP id H1; Tue,  6 Jan 2026 03:04:05 +0000\n\nx\n"
        let run = try importMail(try temporaryFile(text), format: "eml")
        #expect(run.events.map(\.ip.description) == ["203.0.113.250"])
    }

    /// A relay named only by HELO does not move the boundary unless the header below was stamped by it.
    @Test func forgedHeloOfARelayNameAlone() throws {
        let text = """
        Received: from relay.example.net (unknown [203.0.113.66])
        \tby mx.example.net (Postfix) with ESMTP id F1; Tue,  6 Jan 2026 03:04:05 +0000
        Received: from innocent (innocent.example [198.51.100.1])
        \tby somewhere.example with SMTP id F0; Tue,  6 Jan 2026 03:00:00 +0000

        x

        """
        let run = try importMail(try temporaryFile(text), format: "eml", relays: ["relay.example.net"])
        #expect(run.events.map(\.ip.description) == ["203.0.113.66"])
    }

    @Test func trustedHeaderWithoutAddressIsBad() throws {
        let text = "Received: from somewhere by mx.example.net with SMTP id N1; Tue,  6 Jan 2026 03:04:05 +0000\nReceived: from a (b [198.51.100.1]) by c; Tue, 6 Jan 2026 03:00:00 +0000\n\nx\n"
        let run = try importMail(try temporaryFile(text), format: "eml")
        #expect(run.events.isEmpty)
        #expect(run.bad.first?.reason == "message 1: no Received header names a sending address (the trusted Received header at line 1 has no address in its from clause)")
    }
}
