import Testing
@testable import Fingerprint

/// The file grammar on hand-written probe files: every delimiter, flag and field form nmap accepts, the
/// directives, and the errors (each naming `file:line`).
@Suite struct NmapParserTests {
    static let sample = """
    # A hand-written nmap-service-probes file.
    Exclude T:9100-9107

    Probe TCP NULL q||
    totalwaitms 6000
    tcpwrappedms 3000
    match ftp m|^220 (\\S+) FTP\\r\\n| p/Foo ftpd/ v/$1/ i|info / with slash| h=host= o%Linux% d@router@ cpe:/a:foo:ftpd:$1/ cpe:|h:foo:box|a
    softmatch ftp m/^220 /i
    match smtp m=^220 ([\\w.]+) ESMTP=s p/Bar smtpd/ h/$1/
    match caseless m%^hello%is p/X/
    match at m@^at@ p/Y/ p/Z/
    \r
    Probe TCP GetRequest q|GET / HTTP/1.0\\r\\n\\r\\n|
    rarity 1
    ports 80,8000-8010
    sslports 443
    match http m|^HTTP/1\\.1 200 OK\\r\\nServer: Foo/([\\d.]+)\\r\\n| p/Foo httpd/ v/$1/ d/webcam/
    Probe TCP HTTPOptions q|OPTIONS / HTTP/1.0\\r\\n\\r\\n|
    fallback GetRequest
    Probe UDP Help q|help\\r\\n\\x00| no-payload
    match help m|^ok$|

    """

    func parse(_ text: String, file: String = "test-probes") throws -> NmapServiceProbes {
        try NmapServiceProbes.parse(Array(text.utf8), file: file)
    }

    @Test func probesAndDirectives() throws {
        let file = try parse(Self.sample)
        #expect(file.exclude == "T:9100-9107")
        #expect(file.probes.map(\.name) == ["NULL", "GetRequest", "HTTPOptions", "Help"])
        let null = try #require(file.nullProbe)
        #expect(null.isNull && null.transport == .tcp && null.line == 4)
        #expect(null.totalWaitMS == 6000 && null.tcpWrappedMS == 3000)
        let get = file.probes[1]
        #expect(get.payload == Array("GET / HTTP/1.0\r\n\r\n".utf8))
        #expect(get.rarity == 1 && get.ports == [80...80, 8000...8010] && get.sslPorts == [443...443])
        let help = file.probes[3]
        #expect(help.transport == .udp && help.noPayload && help.payload == Array("help\r\n\0".utf8))
        #expect(file.probes[2].fallback == ["GetRequest"])
        #expect(file.fallbackChain(for: file.probes[2]).map(\.name) == ["HTTPOptions", "GetRequest", "NULL"])
        #expect(file.fallbackChain(for: get).map(\.name) == ["GetRequest", "NULL"])
        #expect(file.fallbackChain(for: help).map(\.name) == ["Help"], "UDP probes do not fall back to NULL")
        #expect(file.statistics.matchLines == 6 && file.statistics.softmatchLines == 1)
        #expect(file.statistics.compiled == 7 && file.statistics.failed == 0 && file.statistics.rewritten == 0)
    }

    @Test func everyDelimiterFlagAndField() throws {
        let matches = try parse(Self.sample).probes[0].matches
        let ftp = matches[0]
        #expect(ftp.line == 7 && ftp.service == "ftp" && !ftp.isSoft && !ftp.caseless && !ftp.dotAll)
        #expect(ftp.templates.product == Array("Foo ftpd".utf8))
        #expect(ftp.templates.version == Array("$1".utf8))
        #expect(ftp.templates.info == Array("info / with slash".utf8), "i|…| may hold the slash")
        #expect(ftp.templates.hostname == Array("host".utf8))
        #expect(ftp.templates.os == Array("Linux".utf8))
        #expect(ftp.templates.deviceType == Array("router".utf8))
        #expect(ftp.templates.cpe == [Array("cpe:/a:foo:ftpd:$1".utf8), Array("cpe:/h:foo:box".utf8)],
                "cpe:/…/ and cpe:|…|a both store cpe:/…; the a flag is ignored")

        let soft = matches[1]
        #expect(soft.isSoft && soft.service == "ftp" && soft.caseless && !soft.dotAll)
        #expect(matches[2].dotAll && !matches[2].caseless && matches[2].service == "smtp")
        #expect(matches[3].caseless && matches[3].dotAll, "m%…%is")
        #expect(matches[4].templates.product == Array("Z".utf8), "a repeated field replaces the earlier one")

        let result = try #require(run(ftp, "220 ftp.example.org FTP\r\n"))
        #expect(result == NmapMatchResult(service: "ftp", isSoft: false, product: "Foo ftpd", version: "ftp.example.org",
                                          info: "info / with slash", hostname: "host", os: "Linux", deviceType: "router",
                                          cpe: ["cpe:/a:foo:ftpd:ftp.example.org", "cpe:/h:foo:box"]))
        #expect(run(matches[3], "HELLO") != nil, "i flag")
        #expect(run(matches[2], "220 mx.example.org ESMTP")?.hostname == "mx.example.org")
    }

    func run(_ match: NmapMatch, _ subject: String) -> NmapMatchResult? {
        Array(subject.utf8).withUnsafeBytes { bytes in
            match.pattern.match(bytes).map { match.result(subject: bytes, groups: $0) }
        }
    }

    /// Each bad line fails with its own `file:line`.
    @Test(arguments: [
        ("match ftp m|^220|\n", 1, "expected a line beginning with \"Probe \""),
        ("Probe TCP NULL q||\nbogus 1\n", 2, "unknown directive 'bogus'"),
        ("Probe TCP NULL q||\nmatch ftp m|^220\n", 2, "missing closing delimiter '|'"),
        ("Probe TCP NULL q||\nmatch ftp m|^220|x p/a/\n", 2, "illegal regexp option 'x'"),
        ("Probe TCP NULL q||\nmatch ftp m|^220| z/a/\n", 2, "unknown template specifier 'z'"),
        ("Probe TCP NULL q||\nmatch ftp m|^220| p/a/ v\n", 2, "'v' is not followed by a delimiter"),
        ("Probe TCP NULL q||\nmatch ftp m|^220| p/a/,v/1/\n", 2, "unexpected ','"),
        ("Probe TCP NULL q||\nmatch ftp x|^220|\n", 2, "pattern must begin with 'm'"),
        ("Probe TCP NULL q||\nmatch ftp\n", 2, "could not find the service name"),
        ("Probe TCP NULL q||\n\n# c\nrarity 0\n", 4, "rarity must be between 1 and 9"),
        ("Probe TCP NULL q||\ntotalwaitms 5\n", 2, "bad totalwaitms"),
        ("Probe TCP NULL q||\ntcpwrappedms x\n", 2, "bad tcpwrappedms"),
        ("Probe TCP NULL q||\nports 80-\n", 2, "bad port list"),
        ("Probe TCP NULL q||\nsslports 70000\n", 2, "bad port list"),
        ("Probe TCP NULL q||\nExclude T:1\n", 2, "must precede all Probes"),
        ("Exclude T:1\nExclude T:2\n", 2, "only one Exclude"),
        ("Probe SCTP X q||\n", 1, "TCP or UDP"),
        ("Probe TCP X |a|\n", 1, "must begin with 'q'"),
        ("Probe TCP X q|a\n", 1, "no ending delimiter"),
        ("Probe TCP X q|\\1|\n", 1, "bad probe string escaping"),
        ("Probe TCP NULL q||\nProbe TCP Other q||\n", 2, "a second NULL probe"),
        ("Probe TCP NULL q||\nProbe TCP A q|a|\nfallback Nope\n", 3, "unknown fallback probe 'Nope'"),
    ])
    func badLinesNameFileAndLine(text: String, line: Int, message: String) throws {
        let error = try #require(throws: NmapParseError.self) { try parse(text, file: "bad-probes") }
        #expect(error.file == "bad-probes" && error.line == line)
        #expect(error.description.hasPrefix("bad-probes:\(line): "))
        #expect(error.message.contains(message), "\(error)")
    }

    /// A pattern PCRE2 rejects is counted with its `file:line`, and the rest of the file still loads.
    @Test func compileFailuresAreCountedNotFatal() throws {
        let file = try parse("Probe TCP NULL q||\nmatch a m|(|\nmatch b m|b|\n", file: "f")
        #expect(file.statistics.matchLines == 2 && file.statistics.compiled == 1 && file.statistics.failed == 1)
        #expect(file.statistics.compileFailures.first?.line == 2)
        #expect(file.statistics.compileFailures.first?.description.hasPrefix("f:2: pattern does not compile") == true)
        #expect(file.probes[0].matches.map(\.service) == ["b"])
    }

    /// Files that are not UTF-8 still compile: stray bytes become `\xHH`, the same byte to PCRE without UTF.
    @Test func nonUTF8PatternBytesAreEscaped() throws {
        var bytes = Array("Probe TCP NULL q||\nmatch a m|^caf".utf8)
        bytes += [0xE9, 0x5C, 0xE8] + Array("\\Q.".utf8) + [0xFF] + Array("\\E$| p/A/\n".utf8)
        let file = try NmapServiceProbes.parse(bytes, file: "latin1")
        #expect(file.statistics.rewritten == 1 && file.statistics.rewrites == [NmapPatternSource.byteEscapeRewrite: 1])
        let match = try #require(file.probes.first?.matches.first)
        #expect(match.pattern.pattern == "^caf\\xE9\\xE8\\Q.\\E\\xFF\\Q\\E$")
        let subject: [UInt8] = Array("caf".utf8) + [0xE9, 0xE8, 0x2E, 0xFF]
        #expect(subject.withUnsafeBytes { match.pattern.match($0) } != nil)
    }
}
