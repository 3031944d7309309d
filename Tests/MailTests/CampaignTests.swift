import BotCensusCore
import Testing
@testable import Ingest

/// The template rules of `TemplateNormalizer`, one by one, and the MIME walk of `CampaignDigest`.
@Suite struct CampaignTests {
    func key(_ text: String, personal: [String] = []) -> String? {
        var n = TemplateNormalizer(personal: personal.map { Array($0.utf8) })
        for b in text.utf8 { n.feed(b, charset: .utf8) }
        return n.finish()
    }

    @Test func placeholders() {
        #expect(key("Visit http://a.example/x?id=1 now") == campaignKey("visit <url> now"))
        #expect(key("Visit https://b.example/long/path/with/ids/ABC123 now") == campaignKey("visit <url> now"))
        #expect(key("Visit www.c.example/x now") == campaignKey("visit <url> now"))
        #expect(key("<a href=\"http://d.example/x\">Click</a>") == campaignKey("<a href=\"<url>\">click</a>"))
        #expect(key("Mail bob@x.example.") == campaignKey("mail <email>."))
        #expect(key("Pay 1,299.00 USD") == campaignKey("pay <num>,<num>.<num> usd"))
        #expect(key("token deadbeef42 and 9f3e2a") == campaignKey("token <hex> and <hex>"))
        #expect(key("order A7K2M9Q4Z") == campaignKey("order <id>"))
        #expect(key("open 24h on 3G") == campaignKey("open <num>h on <num>g"))
        #expect(key("Supercalifragilisticexpialidocious!") == campaignKey("<long>!"))
        #expect(key("Dear Alice, hi alice", personal: ["alice"]) == campaignKey("dear <name>, hi <name>"))
        #expect(key("  spaced \t\n out  ") == campaignKey("spaced out"))
        #expect(key(String(repeating: "x", count: 300) + " end") == campaignKey("<long> end"))
        #expect(key(" \n\t ") == nil)
    }

    @Test func longURLBeyondTheWordLimitStillOnePlaceholder() {
        let url = "http://e.example/" + String(repeating: "a1", count: 2000)
        #expect(key("go \(url) now") == campaignKey("go <url> now"))
    }

    @Test func latin1TranscodedBeforeHashing() {
        var n = TemplateNormalizer(personal: [])
        for b in [0x43, 0x61, 0x66, 0xE9] as [UInt8] { n.feed(b, charset: .latin1) }
        #expect(n.finish() == campaignKey("café"))
    }

    func digest(contentType: String?, encoding: String? = nil, _ lines: [String]) -> String? {
        var d = CampaignDigest(contentType: ContentType(header: contentType.map { Array($0.utf8)[...] }),
                               encoding: TransferEncoding(header: encoding.map { Array($0.utf8)[...] }), recipientWords: [])
        for l in lines {
            var copy = l
            copy.withUTF8 { d.feed(UnsafeRawBufferPointer($0)) }
        }
        return d.finish()
    }

    @Test func nestedMultipartFirstTextPart() {
        let lines = [
            "preamble text is ignored",
            "--outer",
            "Content-Type: multipart/alternative; boundary=inner",
            "",
            "--inner",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: base64",
            "",
            "SGVsbG8gV29ybGQ=",
            "--inner",
            "Content-Type: text/html",
            "",
            "<p>html is not read</p>",
            "--inner--",
            "--outer",
            "Content-Type: text/plain",
            "Content-Disposition: attachment; filename=a.txt",
            "",
            "attachment",
            "--outer--",
        ]
        #expect(digest(contentType: "multipart/mixed; boundary=outer", lines) == campaignKey("hello world"))
    }

    @Test func attachmentFirstThenText() {
        let lines = [
            "--b",
            "Content-Type: text/plain",
            "Content-Disposition: attachment",
            "",
            "not this",
            "--b",
            "Content-Type: image/png",
            "Content-Transfer-Encoding: base64",
            "",
            "iVBORw0KGgo=",
            "--b ",
            "",
            "default type is text/plain",
            "--b--",
        ]
        #expect(digest(contentType: "multipart/mixed; boundary=\"b\"", lines) == campaignKey("default type is text/plain"))
    }

    @Test func nonTextBodiesHaveNoKey() {
        #expect(digest(contentType: "image/gif", ["R0lGODlh"]) == nil)
        #expect(digest(contentType: "multipart/mixed", ["no boundary parameter"]) == nil)
        #expect(digest(contentType: nil, ["plain by default"]) == campaignKey("plain by default"))
    }

    @Test func recipientWords() {
        let words = RecipientWords.from(to: Array("\"Alice Smith\" <alice.smith@example.net>, info@shop.example, =?utf-8?Q?J=C3=BCrgen?= <jb@x.example>".utf8)[...])
        #expect(words.map { String(decoding: $0, as: UTF8.self) } == ["alice", "smith", "jürgen"])
    }
}
