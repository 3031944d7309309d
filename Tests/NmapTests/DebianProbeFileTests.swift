import BotCensusCore
import Testing
@testable import Fingerprint

/// The real file, as Debian 12's `nmap` installs it: every pattern compiles, and real banners read as nmap
/// reads them.
@Suite(.enabled(if: DebianProbeFile.shouldRun, DebianProbeFile.skipReason))
struct DebianProbeFileTests {
    func database() throws -> NmapServiceDatabase {
        try #require(DebianProbeFile.present, DebianProbeFile.missingMessage)
        return try DebianProbeFile.database.get()
    }

    @Test func everyPatternCompiles() throws {
        let stats = try database().probes.statistics
        let counted = try DebianProbeFile.countLines()
        #expect(stats.matchLines == counted.match && stats.softmatchLines == counted.softmatch,
                "the parser must see every match and softmatch line of the file")
        #expect(stats.compiled == stats.patterns)
        #expect(stats.failed == 0, "\(stats.compileFailures.prefix(5).map(\.description))")
        #expect(stats.rewritten == 0, "PCRE2 takes Debian's patterns as written: \(stats.rewrites)")
        // The matcher reuses one 64-pair match block across patterns.
        let groups = try database().probes.probes.flatMap(\.matches).map(\.pattern.captureCount).max() ?? 0
        #expect(groups < 64)
        if counted.match + counted.softmatch == 11_917 {
            // Debian 12's nmap 7.93 (FORMATS.md): pin the numbers so a parser change that drops lines shows.
            #expect(stats.matchLines == 11_721 && stats.softmatchLines == 196)
        }
    }

    @Test func probeSectionsAndFallbacks() throws {
        let file = try database().probes
        #expect(file.exclude == "T:9100-9107")
        let null = try #require(file.nullProbe)
        #expect(null.totalWaitMS == 6000 && null.tcpWrappedMS == 3000)
        let get = try #require(file.probe(named: "GetRequest", transport: .tcp))
        #expect(file.fallbackChain(for: get).map(\.name) == ["GetRequest", "NULL"])
        let options = try #require(file.probe(named: "HTTPOptions", transport: .tcp))
        #expect(file.fallbackChain(for: options).map(\.name) == ["HTTPOptions", "GetRequest", "NULL"])
    }

    /// Every `d/` value in the file lands in a DESIGN.md class. Values that should stay unmapped go in
    /// `unmapped` with the reason; today there are none.
    @Test func everyDeviceTypeMaps() throws {
        let unmapped: [String: String] = [:]
        var values: [String: Int] = [:]
        for probe in try database().probes.probes {
            for match in probe.matches {
                guard let d = match.templates.deviceType else { continue }
                values[String(decoding: d, as: UTF8.self), default: 0] += 1
            }
        }
        #expect(values.count >= 25 && values["WAP"] != nil && values["webcam"] != nil)
        for (value, count) in values.sorted(by: { $0.key < $1.key }) where unmapped[value] == nil {
            #expect(DeviceClassMapping.deviceClass(forDeviceType: value) != nil, "d/\(value)/ (\(count) lines) has no class")
        }
    }

    /// Banner, field, and what nmap says about it.
    struct Case: Sendable, CustomTestStringConvertible {
        var banner: String
        var field: BannerField
        var line: Int
        var service: String
        var product: String
        var version: String?
        var d: String?
        var deviceClass: DeviceClass
        var os: OSFamily = .unknown
        var vendor: String?
        var testDescription: String { "\(field.rawValue) \(banner.debugDescription)" }
    }

    static let cases: [Case] = [
        Case(banner: "SSH-2.0-OpenSSH_8.9p1 Ubuntu-3ubuntu0.6", field: .sshBanner, line: 3524, service: "ssh",
             product: "OpenSSH", version: "8.9p1 Ubuntu 3ubuntu0.6", deviceClass: .unknown, os: .linux),
        Case(banner: "220 (vsFTPd 3.0.5)\r\n", field: .ftpBanner, line: 789, service: "ftp",
             product: "vsftpd", version: "3.0.5", deviceClass: .unknown, os: .other),
        Case(banner: "220 MikroTik FTP server (MikroTik 6.42.3) ready\r\n", field: .ftpBanner, line: 870, service: "ftp",
             product: "MikroTik router ftpd", version: "6.42.3", d: "router", deviceClass: .router),
        Case(banner: "SSH-2.0-ROSSSH", field: .sshBanner, line: 3681, service: "ssh",
             product: "MikroTik RouterOS sshd", d: "router", deviceClass: .router, os: .linux),
        Case(banner: "SSH-2.0-dropbear_2019.78", field: .sshBanner, line: 3615, service: "ssh",
             product: "Dropbear sshd", version: "2019.78", deviceClass: .unknown, os: .linux),
        Case(banner: "220 vps-61.example.com ESMTP Postfix (Ubuntu)\r\n", field: .smtpBanner, line: 3137, service: "smtp",
             product: "Postfix smtpd", deviceClass: .unknown),
        Case(banner: "2wire Gateway", field: .httpServer, line: 7247, service: "http",
             product: "2Wire HomePortal router http config", d: "broadband router", deviceClass: .router),
        Case(banner: "Techno Vision Security System Ver. 2.1", field: .httpServer, line: 7871, service: "http",
             product: "Techno Vision Security System http config", version: "2.1", d: "webcam", deviceClass: .camera),
        Case(banner: "Polycom SoundPoint IP Telephone HTTPd", field: .httpServer, line: 7928, service: "http",
             product: "Polycom SoundPoint VoIP phone http config", d: "VoIP phone", deviceClass: .voip),
        Case(banner: "lighttpd/1.4.45", field: .httpServer, line: 9688, service: "http",
             product: "lighttpd", version: "1.4.45", deviceClass: .unknown),
        Case(banner: "BB-HCM581 Network Camera", field: .httpTitle, line: 8381, service: "http",
             product: "Panasonic BB-HCM581 webcam http config", d: "webcam", deviceClass: .camera, vendor: "panasonic"),
        Case(banner: "Basic realm=\"CANOPY 0a003e112233\"", field: .httpWWWAuthenticate, line: 8316, service: "http",
             product: "Motorola Canopy WAP http config", d: "WAP", deviceClass: .router),
    ]

    @Test(arguments: cases)
    func realBanners(_ c: Case) throws {
        let found = try #require(try database().match(c.banner, field: c.field))
        #expect(found.database == "nmap" && found.signature == "nmap-service-probes:\(c.line)")
        #expect(found.params["service"] == c.service && found.params["kind"] == "match")
        #expect(found.params["p"] == c.product && found.identity.product == c.product)
        #expect(found.params["v"] == c.version && found.identity.version == c.version)
        #expect(found.params["d"] == c.d)
        #expect(found.identity.deviceClass == c.deviceClass)
        #expect(found.identity.os == c.os)
        #expect(found.identity.vendor == c.vendor)
        #expect(found.identity.field == c.field.rawValue && found.identity.database == "nmap")
    }

    @Test func fieldDetails() throws {
        let db = try database()
        let ssh = try #require(db.match("SSH-2.0-OpenSSH_8.9p1 Ubuntu-3ubuntu0.6", field: .sshBanner))
        #expect(ssh.params["i"] == "Ubuntu Linux; protocol 2.0" && ssh.params["o"] == "Linux")
        #expect(ssh.params["cpe"] == "cpe:/a:openbsd:openssh:8.9p1 cpe:/o:linux:linux_kernel")
        #expect(ssh.params["probe"] == "NULL")
        // nmap's h/$1/ keeps the space its pattern captured; only trailing space is trimmed.
        #expect(db.match("220 vps-61.example.com ESMTP Postfix (Ubuntu)\r\n", field: .smtpBanner)?.params["h"] == " vps-61.example.com")
        // Hikvision DVRs are nmap's "media device", whatever class that maps to.
        let dvr = try #require(db.match("DVRDVS-Webs", field: .httpServer))
        #expect(dvr.identity.product == "Hikvision DVR web UI" && dvr.params["d"] == "media device")
        #expect(dvr.identity.deviceClass == DeviceClassMapping.deviceClass(forDeviceType: "media device"))
        #expect(dvr.params["probe"] == "GetRequest")
    }

    @Test func softmatchNarrowsButAHardMatchWins() throws {
        let db = try database()
        // "220 … ftp …" softmatches ftp (line 1392); nothing harder follows, so the softmatch is the answer.
        let soft = try #require(db.match("220 acme ftp daemon here\r\n", field: .ftpBanner))
        #expect(soft.params["kind"] == "softmatch" && soft.params["service"] == "ftp")
        #expect(soft.identity.deviceClass == .unknown)
        // An SSH banner nmap has no product for softmatches ssh (line 3770) with the protocol version.
        let ssh = try #require(db.match("SSH-2.0-SomethingNew_1.0", field: .sshBanner))
        #expect(ssh.params["kind"] == "softmatch" && ssh.params["i"] == "protocol 2.0")
        // allMatches lists every match in nmap's order: here the hard vsftpd line first.
        let all = db.allMatches("220 (vsFTPd 3.0.5)\r\n", field: .ftpBanner)
        #expect(all.first?.signature == "nmap-service-probes:789")
        let lines = all.compactMap { Int($0.signature.split(separator: ":").last!) }
        #expect(lines == lines.sorted())
    }

    @Test func coverage() throws {
        let db = try database()
        #expect(db.name == "nmap")
        for field in BannerField.allCases {
            #expect(db.covers(field) == (field != .tlsSubject), "\(field.rawValue)")
        }
        #expect(db.match("CN=camera.local", field: .tlsSubject) == nil)
        #expect(db.match("no such banner at all", field: .ftpBanner) == nil)
    }
}
