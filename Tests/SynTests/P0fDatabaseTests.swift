import Fingerprint
import Foundation
import Testing

@Suite struct P0fDatabaseTests {
    @Test(.enabled(if: TestEnvironment.p0fTestsRun, "needs Debian's /etc/p0f/p0f.fp (apt-get install p0f)")) func readsDebiansP0fFile() throws {
        let db = try realP0fDatabase()
        #expect(db.classes == ["win", "unix", "other"])
        #expect(db.requestSignatures.count == 91)
        #expect(db.requestLabels.count == 45)
        #expect(db.responseSignatures.count == 101)
        let first = try #require(db.requestSignatures.first)
        #expect(first.label.text == "Linux 3.11 and newer" && !first.label.generic && first.label.osClass == "unix")
        #expect(first.signature.window == .mss(20) && first.signature.windowScale == 10 && first.signature.ipVersion == nil)
        // A label with an empty flavor prints as the bare name.
        #expect(db.requestLabels.contains { $0.text == "Mac OS X" && $0.generic && $0.flavor == nil })
        let nmap = try #require(db.requestLabels.first { $0.text == "NMap SYN scan" })
        #expect(nmap.isTool && nmap.systems == ["@unix", "@win"])
        #expect(db.requestSignatures.contains { $0.signature.randomTTL && $0.signature.ttl == 64 })
        #expect(db.requestSignatures.contains { $0.signature.eolPadding == 1 && $0.signature.optionLayout.last == 0 })
        #expect(db.requestSignatures.contains { $0.signature.window == .mtu(2) })
    }

    @Test func parsesEveryFieldForm() throws {
        let s = try P0fSignature(parsing: "4:64+3:4:1460:%8192,*:mss,nop,?30,sack,eol+7:df,id+,ecn,0+,seq-,ack+,ack-,uptr+,urgf+,pushf+,ts1-,ts2+,opt+,exws,bad:+")
        #expect(s.ipVersion == 4 && s.ttl == 67 && !s.randomTTL && s.ipOptionsLength == 4 && s.mss == 1460)
        #expect(s.window == .modulo(8192) && s.windowScale == nil)
        #expect(s.optionLayout == [2, 1, 30, 5, 0] && s.eolPadding == 7)
        #expect(s.quirks.text == "df,id+,ecn,0+,seq-,ack+,ack-,uptr+,urgf+,pushf+,ts1-,ts2+,opt+,exws,bad")
        #expect(s.payloadClass == 1)
        let t = try P0fSignature(parsing: "6:64-:0:*:*,0::flow:*")
        #expect(t.ipVersion == 6 && t.randomTTL && t.mss == nil && t.window == .any && t.windowScale == 0)
        #expect(t.optionLayout.isEmpty && t.quirks == .flow && t.payloadClass == nil)
        #expect(try P0fSignature(parsing: "*:128:0:*:mtu*4,8:mss,ws,sok,ts:df:0").window == .mtu(4))
        #expect(try P0fSignature(parsing: "*:128:0:*:65535,8:mss,ws,sok,ts:df:0").window == .value(65535))
    }

    @Test(arguments: [
        ("5:64:0:*:*,*:mss::0", "IP version '5'"),
        ("4:64:0:*:*,*:mss:0", "has 7 fields, expected 8"),
        ("4:0:0:*:*,*:mss::0", "initial TTL '0'"),
        ("4:64:0:*:%1,*:mss::0", "window modulus"),
        ("4:64:0:*:mss*0,*:mss::0", "MSS multiplier"),
        ("4:64:0:*:*,*:mss,eol+1,nop::0", "EOL must be the last"),
        ("4:64:0:*:*,*:mss,foo::0", "unknown TCP option 'foo'"),
        ("6:64:0:*:*,*:mss:df:0", "not valid for IPv6"),
        ("4:64:0:*:*,*:mss:flow:0", "not valid for IPv4"),
        ("4:64:0:*:*,*:mss:wat:0", "unknown quirk 'wat'"),
        ("4:64:0:*:*,*:mss::x", "payload class"),
    ])
    func rejectsBadSignatures(text: String, reason: String) {
        #expect {
            try P0fSignature(parsing: text)
        } throws: { error in
            "\(error)".contains(reason)
        }
    }

    /// A bad line is an error naming the file and line, as p0f's own loader does.
    @Test(arguments: [
        ("classes = unix\n[tcp:request]\nlabel = s:unix:Linux:x\nsig = 4:64:0:*:*,*:bogus::0\n", 4, "unknown TCP option"),
        ("[tcp:request]\nsig = 4:64:0:*:*,*:mss::0\n", 2, "misplaced 'sig'"),
        ("classes = unix\n[tcp:request]\nlabel = s:win:Windows:x\n", 3, "unknown class 'win'"),
        ("classes = unix\n[tcp:request]\nlabel = s:!:Tool:x\nsig = *:64-:0:*:*,*:mss::0\n", 4, "'sys' line"),
        ("classes = unix\n[tcp:request]\nlabel = s:unix:Linux:x\nsys = @unix\n", 4, "misplaced 'sys'"),
        ("[tcp:request]\nclasses = unix\n", 2, "before the first section"),
        ("[udp:request]\n", 1, "unknown section"),
        ("classes = unix\n\n; comment\n[tcp:request]\nlabel = s:unix:Linux:a\nsig = 4:64:0:*:mss*20,10:mss,sok,ts,nop,ws:df,id+:0\nlabel = s:unix:Linux:b\nsig = 4:64:0:*:mss*20,10:mss,sok,ts,nop,ws:df,id+:0\n",
         8, "already covered by line 6"),
        ("classes = unix\n[tcp:request]\nwhat = ever\n", 3, "unknown field 'what'"),
        ("classes = unix\n[tcp:request]\nno equals sign\n", 3, "expected 'name = value'"),
    ])
    func reportsFileAndLine(text: String, line: Int, reason: String) {
        #expect {
            try P0fDatabase(text: text, path: "test.fp")
        } throws: { error in
            let message = "\(error)"
            return message.hasPrefix("test.fp:\(line): ") && message.contains(reason)
        }
    }

    @Test func namesKeepTheirFirstSpelling() throws {
        let db = try P0fDatabase(text: """
            classes = unix
            [tcp:request]
            label = s:unix:Linux:a
            sig = *:64:0:*:mss*20,10:mss,sok,ts,nop,ws:df,id+:0
            label = g:UNIX:linux:
            sig = *:64:0:*:*,*:mss,sok,ts,nop,ws:df,id+:0
            """, path: "t.fp")
        #expect(db.requestLabels.map(\.text) == ["Linux a", "Linux"])
        #expect(db.requestLabels.last?.osClass == "unix")
    }

    /// p0f refuses only a signature that an earlier *specific* one matches exactly. Its check compares the new
    /// signature's quirks with the earlier one's after dropping IPv4-only quirks from a `*` signature, so two
    /// identical `*` signatures with `df` pass; and a generic signature may repeat anything.
    @Test func genericOverlapIsAllowed() throws {
        let db = try P0fDatabase(text: """
            classes = unix
            [tcp:request]
            label = g:unix:Linux:a
            sig = *:64:0:*:*,*:mss::0
            label = g:unix:Linux:b
            sig = *:64:0:*:*,*:mss::0
            """, path: "t.fp")
        #expect(db.requestSignatures.count == 2)
        let star = try P0fDatabase(text: """
            classes = unix
            [tcp:request]
            label = s:unix:Linux:a
            sig = *:64:0:*:mss*20,10:mss,sok,ts,nop,ws:df,id+:0
            label = s:unix:Linux:b
            sig = *:64:0:*:mss*20,10:mss,sok,ts,nop,ws:df,id+:0
            """, path: "t.fp")
        #expect(star.requestSignatures.count == 2)
    }

    @Test func missingFileIsAnError() {
        #expect(throws: P0fDatabaseError.self) { try P0fDatabase(contentsOf: "/nonexistent/p0f.fp") }
    }
}
