import Testing
@testable import Fingerprint

/// Template substitution as nmap's `dotmplsubst`/`substvar` do it.
@Suite struct NmapTemplateTests {
    /// Matches `pattern` against `subject` and fills `template` (nil: no match, or nmap would leave the field empty).
    func fill(_ template: String, _ pattern: String, _ subject: [UInt8], capacity: Int = NmapTemplateExpander.fieldCapacity,
              cpe: Bool = false) throws -> String? {
        let compiled = try PCRE2Pattern(pattern, options: .dotAll)
        return subject.withUnsafeBytes { bytes in
            guard let groups = compiled.match(bytes) else { return nil }
            return NmapTemplateExpander.expand(Array(template.utf8), subject: bytes, groups: groups, capacity: capacity, cpe: cpe)
                .map { String(decoding: $0, as: UTF8.self) }
        }
    }

    func fill(_ template: String, _ pattern: String, _ subject: String, capacity: Int = NmapTemplateExpander.fieldCapacity) throws -> String? {
        try fill(template, pattern, Array(subject.utf8), capacity: capacity)
    }

    @Test func groupsAndTrimming() throws {
        #expect(try fill("$1 v$2", "^(\\w+) (\\S+)", "OpenSSH 8.9p1") == "OpenSSH v8.9p1")
        #expect(try fill("$1, ", "^(\\w+)", "abc") == "abc", "trailing spaces and commas go")
        #expect(try fill("  $1", "^(\\w+)", "abc") == "  abc", "leading ones stay")
        #expect(try fill("$10", "^(a)", "a") == "a0", "one digit only: $1 then a literal 0")
        #expect(try fill("plain text", "x", "x") == "plain text")
    }

    @Test func missingGroupEmptiesTheField() throws {
        #expect(try fill("$1", "^(a)?b(c)", "bc") == nil, "group 1 did not take part")
        #expect(try fill("x $1 y", "^(a)?b(c)", "bc") == nil, "the whole template fails, not just the variable")
        #expect(try fill("$2", "^(a)?b(c)", "bc") == "c")
        #expect(try fill("$3", "^(a)?b(c)", "bc") == nil, "the pattern has no group 3")
        #expect(try fill("$0", "^(a)", "a") == nil, "$0 is not a group nmap substitutes")
        #expect(try fill("5$", "x", "x") == nil, "a bare $ is a failed variable")
        #expect(try fill("$FOO(1)", "^(a)", "a") == nil, "unknown command")
    }

    @Test func printableOnly() throws {
        let subject: [UInt8] = [0x57, 0, 0x4F, 0, 0x52, 0, 0x4B, 0x01, 0xC3, 0xA9, 0x7F, 0x7E, 0x20, 0x21]
        #expect(try fill("$P(1)", "^(.*)$", subject) == "WORK~ !")
        #expect(NmapTemplateExpander.printableOnly([0x09, 0x41, 0x0A]) == [0x41], "tab and newline are not printable")
        #expect(try fill("$P(2)", "^(a)", "a") == nil)
        #expect(try fill("$P(a)", "^(a)", "a") == nil, "the argument must be an integer")
    }

    @Test func subst() throws {
        #expect(try fill("$SUBST(1,\"_\",\".\")", "^v(\\S+)", "v1_2_3") == "1.2.3")
        #expect(try fill("$SUBST(1, \"\\r\\n\", \",\")", "^(.*)$", "a\r\nb\r\nc") == "a,b,c", "C escapes in both strings")
        #expect(try fill("$SUBST(1,\"%20\",\" \")", "^(.*)$", "a%20b") == "a b")
        #expect(try fill("$SUBST(1,\"\\\"\",\"'\")", "^(.*)$", "a\"b") == "a'b", "an escaped quote inside the string")
        #expect(try fill("$SUBST(0x1,\"a\",\"b\")", "^(.*)$", "aa") == "bb", "integers are read with strtol(…, 0)")
        #expect(try fill("$SUBST(1,\"_\")", "^(.*)$", "a_b") == nil, "three arguments are required")
        #expect(try fill("$SUBST(1,\"_\",\".\"", "^(.*)$", "a_b") == nil, "no ',' or ')' after an argument fails")
        // nmap compares with memcmp, so "from" may straddle the end of the group into the rest of the subject.
        #expect(try fill("$SUBST(1,\"b-\",\"X\")", "^(ab)", "ab-") == "aX")
    }

    @Test func unsignedIntegers() throws {
        #expect(try fill("$I(1,\">\")", "^(..)", [0x01, 0x02]) == "258", "big endian")
        #expect(try fill("$I(1,\"<\")", "^(..)", [0x01, 0x02]) == "513", "little endian")
        #expect(try fill("9.00.$I(1,\">\")", "^(....)", [0x00, 0x00, 0x05, 0x77]) == "9.00.1399")
        #expect(try fill("$I(1,\">\")", "^(.{8})", [UInt8](repeating: 0xFF, count: 8)) == "18446744073709551615")
        #expect(try fill("$I(1,\">\")", "^(.{9})", [UInt8](repeating: 1, count: 9)) == nil, "more than 8 bytes overflows")
        #expect(try fill("$I(1,\"x\")", "^(.)", [1]) == nil, "only > and <")
        #expect(try fill("$I(1,\"<<\")", "^(.)", [1]) == nil, "one character")
        #expect(NmapTemplateExpander.unsignedInteger([UInt8](), bigEndian: true) == 0)
    }

    @Test func nmapBufferSizes() throws {
        let seventyNine = String(repeating: "a", count: 79)
        #expect(try fill(seventyNine, "x", "x") == seventyNine)
        #expect(try fill(seventyNine + "b", "x", "x") == nil, "80 bytes do not fit nmap's 80-byte buffer with its NUL")
        let long = String(repeating: "z", count: 100)
        #expect(try fill("$1", "^(z+)", long) == nil, "a capture too long for p/ or v/ empties the field")
        #expect(try fill("$1", "^(z+)", long, capacity: NmapTemplateExpander.infoCapacity) == long, "i/ holds 256")
        #expect(try fill("$1", "^(z{31})", long, capacity: NmapTemplateExpander.typeCapacity) == nil, "o/ and d/ hold 32")
    }

    @Test func substitutionsStopAtNUL() throws {
        #expect(try fill("<$1>", "^(.*)$", [0x61, 0x62, 0, 0x63]) == "<ab>")
    }

    @Test func cpeTransformsOnlySubstitutedText() throws {
        #expect(try fill("cpe:/a:Foo:bar:$1", "^(.*)$", Array("Hello World/1.0".utf8), cpe: true)
                == "cpe:/a:Foo:bar:hello_world%2F1.0")
    }

    /// Through a whole match: nmap keeps one CPE per part, the last one given, in the order a, h, o.
    @Test func cpePartsAsNmapReportsThem() throws {
        let file = try NmapServiceProbes.parse(Array("""
        Probe TCP NULL q||
        match x m|^(\\w+)| p/P $1/ cpe:/o:os:one/ cpe:/a:app:$1/ cpe:/a:app:second/ cpe:/h:hw:box/ cpe:/x:bad/

        """.utf8), file: "t")
        let match = try #require(file.probes.first?.matches.first)
        let result = Array("Thing".utf8).withUnsafeBytes { bytes in match.pattern.match(bytes).map { match.result(subject: bytes, groups: $0) } }
        #expect(result?.product == "P Thing")
        #expect(result?.cpe == ["cpe:/a:app:second", "cpe:/h:hw:box", "cpe:/o:os:one"])
    }

    @Test func commandArguments() {
        let args = NmapTemplateExpander.commandArguments(Array("1, \"a\\x41\" ,-2) rest".utf8), from: 0)
        #expect(args?.args == [.int(1), .string([0x61, 0x41]), .int(-2)])
        #expect(args?.end == 15)
        #expect(NmapTemplateExpander.commandArguments(Array("\"unterminated".utf8), from: 0) == nil)
        #expect(NmapTemplateExpander.commandArguments(Array("\"\\1\")".utf8), from: 0) == nil, "octal escapes are refused")
    }
}
