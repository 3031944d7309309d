import BotCensusCore
import Testing
@testable import Ingest

@Suite struct EncodedWordTests {
    func decode(_ s: String) -> String { EncodedWords.decode(Array(s.utf8)) }

    @Test func base64AndQ() {
        #expect(decode("=?utf-8?B?w4lsw6h2ZQ==?=") == "Élève")
        #expect(decode("=?UTF-8?Q?=C3=89l=C3=A8ve_inscrit?=") == "Élève inscrit")
        #expect(decode("=?ISO-8859-1?Q?caf=E9?=") == "café")
        #expect(decode("=?windows-1252?Q?=80_5?=") == "€ 5")
        #expect(decode("=?us-ascii?Q?plain?=") == "plain")
        #expect(decode("=?iso-8859-15?Q?=A4?=") == "€")
        #expect(decode("=?utf-8*en?Q?lang?=") == "lang") // RFC 2231 language suffix
    }

    @Test func whiteSpaceBetweenWordsOnlyIsDropped() {
        #expect(decode("=?utf-8?Q?a?= =?utf-8?Q?b?=") == "ab")
        #expect(decode("=?utf-8?Q?a?=\r\n\t=?utf-8?Q?b?=") == "ab")
        #expect(decode("Re: =?utf-8?Q?a?= and =?utf-8?Q?b?= !") == "Re: a and b !")
        #expect(decode("=?utf-8?Q?a_?= x") == "a  x")
    }

    @Test func undecodableWordsStayRaw() {
        #expect(decode("=?koi8-r?B?8NLJ18XU?=") == "=?koi8-r?B?8NLJ18XU?=") // charset not read here
        #expect(decode("=?utf-8?B?@@@?=") == "=?utf-8?B?@@@?=")            // bad base64
        #expect(decode("=?utf-8?X?abc?=") == "=?utf-8?X?abc?=")            // no such encoding
        #expect(decode("price =? 5") == "price =? 5")
        #expect(decode("=?utf-8?Q?unterminated") == "=?utf-8?Q?unterminated")
    }

    @Test func invalidUTF8InAUTF8WordFallsBackTo1252() {
        #expect(decode("=?utf-8?Q?caf=E9?=") == "café")
    }

    @Test func rawHeaderBytes() {
        #expect(MailText.string([0x47, 0x72, 0xC3, 0xBC, 0xC3, 0x9F]) == "Grüß")  // UTF-8 (RFC 6532)
        #expect(MailText.string([0x47, 0x72, 0xFC, 0xDF]) == "Grüß")              // Latin-1
        #expect(EncodedWords.decode([0x47, 0x72, 0xFC, 0xDF, 0x20] + Array("=?utf-8?Q?=C3=9F?=".utf8)) == "Grüß ß")
    }
}

@Suite struct HeaderBlockTests {
    func block(_ lines: [String]) -> (HeaderBlock, [HeaderBlock.LineKind]) {
        var b = HeaderBlock(limit: 1 << 16)
        var kinds: [HeaderBlock.LineKind] = []
        for (i, l) in lines.enumerated() {
            var copy = l
            kinds.append(copy.withUTF8 { b.add(UnsafeRawBufferPointer($0), number: i + 1) })
        }
        return (b, kinds)
    }

    @Test func unfoldingKeepsTheWhiteSpaceAndFirstLine() {
        let (b, kinds) = block(["Subject: one", "\ttwo", "  three", "X-Empty:", " value", "Obsolete : spaced", "not a header"])
        #expect(kinds == [.added, .added, .added, .added, .added, .added, .notHeader])
        #expect(String(decoding: b.value("subject")!, as: UTF8.self) == "one\ttwo  three")
        #expect(String(decoding: b.value("x-empty")!, as: UTF8.self) == "value")
        #expect(String(decoding: b.value("obsolete")!, as: UTF8.self) == "spaced")
        #expect(b.first("subject")?.line == 1)
        #expect(b.first("obsolete")?.line == 6)
    }

    @Test func namesIgnoreCaseAndRepeat() {
        let (b, _) = block(["RECEIVED: a", "received: b", "Received: c"])
        #expect(b.all("received").map { String(decoding: b.value($0), as: UTF8.self) } == ["a", "b", "c"])
    }

    @Test func continuationBeforeAnyFieldIsNotHeader() {
        let (_, kinds) = block([" starts folded"])
        #expect(kinds == [.notHeader])
    }

    @Test func limit() {
        var b = HeaderBlock(limit: 10)
        var line = "Subject: 12345"
        let kind = line.withUTF8 { b.add(UnsafeRawBufferPointer($0), number: 1) }
        #expect(kind == .overflow)
    }
}

@Suite struct MailDateTests {
    func t(_ s: String) -> Timestamp? { MailDate.parse(Array(s.utf8))?.time }

    @Test func rfc5322Forms() {
        #expect(t("Tue, 6 Jan 2026 03:04:05 +0000") == utc("2026-01-06T03:04:05Z"))
        #expect(t("Tue,  6 Jan 2026 03:04:05 +0000 (UTC)") == utc("2026-01-06T03:04:05Z"))
        #expect(t("6 Jan 2026 04:04:05 +0100") == utc("2026-01-06T03:04:05Z"))
        #expect(t("Tue, 06 Jan 2026 01:02:02 -0800 (PST)") == utc("2026-01-06T09:02:02Z"))
        #expect(t("Tue, 6 Jan 2026 03:04 GMT") == utc("2026-01-06T03:04:00Z"))
        #expect(t("Tue, 6 Jan 26 03:04:05 EST") == utc("2026-01-06T08:04:05Z"))
        #expect(t("Tue, 6 January 2026 03:04:05 -0000") == utc("2026-01-06T03:04:05Z"))
        #expect(t("Tue, 6 Jan 2026 03:04:05") == utc("2026-01-06T03:04:05Z")) // zone missing: read as UTC
        #expect(MailDate.parse(Array("Tue, 6 Jan 2026 03:04:05".utf8))?.zoned == false)
    }

    @Test func unreadable() {
        #expect(t("") == nil)
        #expect(t("yesterday") == nil)
        #expect(t("Tue, 32 Jan 2026 03:04:05 +0000") == nil)
        #expect(t("Tue, 6 Foo 2026 03:04:05 +0000") == nil)
        #expect(t("Tue, 6 Jan 2026 25:04:05 +0000") == nil)
    }
}

@Suite struct TransferDecodingTests {
    func decode(_ encoding: TransferEncoding, _ lines: [String]) -> String {
        var d = TransferDecoder(encoding)
        var out: [UInt8] = []
        for l in lines {
            var copy = l
            copy.withUTF8 { d.feed(UnsafeRawBufferPointer($0)) { out.append($0) } }
        }
        return String(decoding: out, as: UTF8.self)
    }

    @Test func quotedPrintable() {
        #expect(decode(.quotedPrintable, ["caf=C3=A9 =", "au lait=3D", "trailing   ", "bad =ZZ and = end"]) == "café au lait=\ntrailing\nbad =ZZ and = end\n")
        #expect(decode(.quotedPrintable, ["soft=", "break=", ""]) == "softbreak\n")
    }

    @Test func base64AcrossLines() {
        // "hello world" split mid-quantum.
        #expect(decode(.base64, ["aGVsbG", "8gd29y", "bGQ="]) == "hello world")
    }

    @Test func headerValues() {
        #expect(TransferEncoding(header: Array("Base64".utf8)[...]) == .base64)
        #expect(TransferEncoding(header: Array(" quoted-printable ".utf8)[...]) == .quotedPrintable)
        #expect(TransferEncoding(header: Array("8bit".utf8)[...]) == .identity)
        #expect(TransferEncoding(header: nil) == .identity)
        let ct = ContentType(header: Array("Multipart/Alternative; charset=UTF-8;\tboundary=\"=_Part;1\"".utf8)[...])
        #expect(ct.mediaType == "multipart/alternative")
        #expect(ct.boundary == Array("=_Part;1".utf8))
        #expect(ct.charset == "utf-8")
        #expect(ContentType(header: nil) == .plainText)
    }
}
