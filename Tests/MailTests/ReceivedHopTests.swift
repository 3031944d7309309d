import BotCensusCore
import Testing
@testable import Ingest

/// Received values as the MTAs write them (unfolded), read one by one.
@Suite struct ReceivedHopTests {
    func hop(_ value: String) -> ReceivedHop { ReceivedHop(value: Array(value.utf8)[...], line: 7) }

    @Test func postfixForms() {
        let h = hop("from mail.example.com (mail.example.com [203.0.113.7]) (using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits) key-exchange X25519 server-signature RSA-PSS (2048 bits) server-digest SHA256) (No client certificate requested) by mx.example.net (Postfix) with ESMTPS id 4dQ7 for <a@example.net>; Tue,  6 Jan 2026 03:04:05 +0000 (UTC)")
        #expect(h.hasFrom && h.ip?.description == "203.0.113.7")
        #expect(h.helo == "mail.example.com" && h.reverseName == "mail.example.com" && !h.reverseNameForged)
        #expect(h.by == "mx.example.net" && h.id == "4dQ7" && h.line == 7)
        #expect(h.date == utc("2026-01-06T03:04:05Z"))
        let unknown = hop("from [192.0.2.9] (unknown [203.0.113.8]) by mx.example.net (Postfix) with SMTP id X")
        #expect(unknown.ip?.description == "203.0.113.8" && unknown.helo == "[192.0.2.9]" && unknown.reverseName == nil && unknown.date == nil)
    }

    @Test func eximForms() {
        let port = hop("from dsl.example ([203.0.113.9]:51234 helo=PC-1) by mx.example.net with esmtp (Exim 4.96) id 1v-1; Tue, 06 Jan 2026 03:04:05 +0000")
        #expect(port.ip?.description == "203.0.113.9" && port.helo == "PC-1" && port.reverseName == "dsl.example" && port.id == "1v-1")
        let same = hop("from mail.example.org ([198.51.100.5]) by mx.example.net with esmtps (TLS1.3) tls TLS_AES_256_GCM_SHA384 (Exim 4.96) (envelope-from <a@example.org>) id 1v-2 for b@example.net; Tue, 06 Jan 2026 03:04:05 +0000")
        #expect(same.ip?.description == "198.51.100.5" && same.helo == "mail.example.org" && same.reverseName == "mail.example.org")
        let literalHelo = hop("from [203.0.113.10] (helo=[198.51.100.1]) by mx.example.net with esmtp (Exim 4.96) id 1v-3")
        #expect(literalHelo.ip?.description == "203.0.113.10" && literalHelo.helo == "[198.51.100.1]" && literalHelo.reverseName == nil)
    }

    @Test func sendmailForms() {
        let noName = hop("from helo.example ([203.0.113.11]) by mail.example.net (8.15.2/8.15.2) with ESMTP id 605A; Tue, 6 Jan 2026 03:04:05 -0500")
        #expect(noName.ip?.description == "203.0.113.11" && noName.helo == "helo.example" && noName.reverseName == nil)
        let ident = hop("from helo (user@host.example [203.0.113.12] (may be forged)) by mail.example.net (8.14.7/8.14.7) id 605B")
        #expect(ident.ip?.description == "203.0.113.12" && ident.reverseName == "host.example" && ident.reverseNameForged)
    }

    @Test func exchangeForms() {
        let onPrem = hop("from EXCH01.corp.example.com (10.1.2.3) by EXCH02.corp.example.com (10.1.2.4) with Microsoft SMTP Server (version=TLS1_2, cipher=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384) id 15.1.2507.39; Tue, 6 Jan 2026 03:04:05 +0000")
        #expect(onPrem.ip?.description == "10.1.2.3" && onPrem.helo == "EXCH01.corp.example.com" && onPrem.reverseName == nil)
        #expect(onPrem.by == "exch02.corp.example.com" && onPrem.id == nil)
        let mapped = hop("from mail.example.com (::ffff:203.0.113.13) by EX1.example.com (10.0.0.1) with Microsoft SMTP Server id 14.3.468.0")
        #expect(mapped.ip?.description == "203.0.113.13")
    }

    @Test func gmailAndByOnly() {
        let g = hop("from mail-sor-f41.google.com (mail-sor-f41.google.com. [209.85.220.41]) by mx.google.com with SMTPS id z1sor123 for <x@gmail.com> (Google Transport Security); Tue, 06 Jan 2026 01:02:03 -0800 (PST)")
        #expect(g.ip?.description == "209.85.220.41" && g.reverseName == "mail-sor-f41.google.com" && g.date == utc("2026-01-06T09:02:03Z"))
        let byOnly = hop("by 2002:a05:7000:8c0b:b0:5e1:2a3f:1c5d with SMTP id x11csp1234567mac; Tue, 6 Jan 2026 01:02:03 -0800 (PST)")
        #expect(!byOnly.hasFrom && byOnly.by == "2002:a05:7000:8c0b:b0:5e1:2a3f:1c5d")
        let local = hop("by mx.example.net (Postfix, from userid 1000) id 4dQX; Tue,  6 Jan 2026 03:04:05 +0000 (UTC)")
        #expect(!local.hasFrom && local.by == "mx.example.net")
    }

    @Test func clientChosenWordsDoNotConfuseTheClauses() {
        let keywordHelo = hop("from by (unknown [203.0.113.14]) by mx.example.net (Postfix) with ESMTP id K1")
        #expect(keywordHelo.ip?.description == "203.0.113.14" && keywordHelo.helo == "by" && keywordHelo.by == "mx.example.net")
        let semicolonHelo = hop("from x;y (unknown [203.0.113.15]) by mx.example.net (Postfix) with ESMTP id K2; Tue, 6 Jan 2026 03:04:05 +0000")
        #expect(semicolonHelo.ip?.description == "203.0.113.15" && semicolonHelo.date == utc("2026-01-06T03:04:05Z"))
        let bareHelo = hop("from 198.51.100.77 by mx.example.net with SMTP id K3")
        #expect(bareHelo.ip == nil) // an address only the client claimed
        let unclosed = hop("from x (unknown [203.0.113.16] by mx")
        #expect(unclosed.ip?.description == "203.0.113.16")
    }
}
