import BotCensusCore
import Testing
@testable import Fingerprint

/// Match order and the responses built from banner fields, on hand-written files.
@Suite struct NmapMatcherTests {
    func database(_ text: String) throws -> NmapServiceDatabase {
        NmapServiceDatabase(probes: try NmapServiceProbes.parse(Array(text.utf8), file: "t"))
    }

    static let ordered = """
    Probe TCP NULL q||
    match ftp m|^220 first| p/First/ d/printer/
    softmatch ftp m|^220 |
    match smtp m|^220 .*SMTP| p/Other service/
    match ftp m|^220 x| p/Right/ v/1/
    match ftp m|^220 | p/Later/
    match http m|^HTTP/1\\.1 200 OK\\r\\nServer: Both| p/From NULL/
    match ssh m|^SSH-2\\.0-Ours\\r\\n$| p/Ours/
    Probe TCP GetRequest q|GET / HTTP/1.0\\r\\n\\r\\n|
    match http m|^HTTP/1\\.1 200 OK\\r\\nServer: Both\\r\\n\\r\\n$| p/From GetRequest/
    match http m|^HTTP/1\\.1 401 Unauthorized\\r\\nWWW-Authenticate: Basic realm="(\\w+)"\\r\\n\\r\\n$| p/Realm $1/
    match http m|^HTTP/1\\.1 200 OK\\r\\n\\r\\n<title>(.*)</title>$| p/Title $1/

    """

    @Test func firstHardMatchInFileOrderWins() throws {
        let db = try database(Self.ordered)
        let first = try #require(db.match("220 first x SMTP", field: .ftpBanner))
        #expect(first.params["p"] == "First" && first.signature == "nmap-service-probes:2")
        #expect(first.identity.deviceClass == .printer)
    }

    @Test func softmatchNarrowsToItsService() throws {
        let db = try database(Self.ordered)
        // The softmatch on line 3 names ftp; the smtp match on line 4 is skipped, the ftp one on line 5 wins.
        let right = try #require(db.match("220 x SMTP", field: .ftpBanner))
        #expect(right.params["p"] == "Right" && right.params["kind"] == "match" && right.signature == "nmap-service-probes:5")
        // Any later hard ftp match will do.
        #expect(db.match("220 y SMTP", field: .ftpBanner)?.params["p"] == "Later")
        // allMatches lists them all, other services included, in file order.
        #expect(db.allMatches("220 x SMTP", field: .ftpBanner).map(\.signature)
                == [3, 4, 5, 6].map { "nmap-service-probes:\($0)" })
    }

    @Test func softmatchAloneIsTheAnswer() throws {
        let db = try database("Probe TCP NULL q||\nsoftmatch ftp m|^220 | i/soft/ d/router/\nmatch smtp m|^220 | p/X/\n")
        let soft = try #require(db.match("220 hello", field: .ftpBanner))
        #expect(soft.params["kind"] == "softmatch" && soft.params["i"] == "soft" && soft.params["service"] == "ftp")
        #expect(soft.identity.deviceClass == .router, "a softmatch's d/ still counts")
    }

    @Test func httpFieldsUseGetRequestThenNull() throws {
        let db = try database(Self.ordered)
        #expect(db.match("Both", field: .httpServer)?.params["p"] == "From GetRequest")
        #expect(db.match("Both", field: .httpServer)?.params["probe"] == "GetRequest")
        #expect(db.match("Both and more", field: .httpServer)?.params["p"] == "From NULL", "NULL's matches follow")
        #expect(db.match("Both and more", field: .httpServer)?.params["probe"] == "NULL")
        #expect(db.match("Basic realm=\"Cam\"", field: .httpWWWAuthenticate)?.params["p"] == "Realm Cam")
        #expect(db.match("My Router", field: .httpTitle)?.params["p"] == "Title My Router")
        #expect(db.match("Both", field: .ftpBanner) == nil, "banners of NULL-probe fields do not see GetRequest")
    }

    @Test func responsesBuiltFromFields() throws {
        let db = try database(Self.ordered)
        #expect(db.match("SSH-2.0-Ours", field: .sshBanner)?.params["p"] == "Ours", "zgrab2's stripped CRLF is put back")
        #expect(db.match("SSH-2.0-Ours\r\n", field: .sshBanner)?.params["p"] == "Ours", "but not doubled")
        #expect(NmapBannerResponse.response("x", field: .httpServer) == Array("HTTP/1.1 200 OK\r\nServer: x\r\n\r\n".utf8))
        #expect(NmapBannerResponse.response("220 a\r\n", field: .smtpBanner) == Array("220 a\r\n".utf8))
    }

    @Test func hardwareVendorComesFromHardwareCPEOnly() {
        #expect(NmapIdentity.hardwareVendor(["cpe:/a:openbsd:openssh:8.9", "cpe:/h:hikvision:ds-2cd"]) == "hikvision")
        #expect(NmapIdentity.hardwareVendor(["cpe:/a:openbsd:openssh:8.9", "cpe:/o:linux:linux_kernel"]) == nil)
    }
}
