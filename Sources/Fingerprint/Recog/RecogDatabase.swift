import BotCensusCore
import Foundation

/// Recog's fingerprint XML as a `BannerMatcher`. Files sharing a key are tried by preference, highest
/// first; within a file the first match in file order wins.
public struct RecogDatabase: BannerMatcher, Sendable {
    public let name = "recog"
    public let directory: String
    /// Files by key, each list sorted by preference (highest first).
    public let files: [String: [RecogFile]]

    /// Which Recog key reads which zgrab2 field.
    public static let keys: [BannerField: String] = [
        .httpServer: "http_header.server", .httpTitle: "html_title", .httpWWWAuthenticate: "http_header.wwwauth",
        .tlsSubject: "x509.subject", .sshBanner: "ssh.banner", .ftpBanner: "ftp.banner", .smtpBanner: "smtp.banner",
        .telnetBanner: "telnet_banners",
    ]

    public static func load(directory: String) throws -> RecogDatabase {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".xml") }.sorted()
        guard !names.isEmpty else {
            throw RecogFile.LoadError(path: directory, line: 0, reason: "no Recog .xml files in this directory")
        }
        var files: [String: [RecogFile]] = [:]
        for name in names {
            let file = try RecogFile.load(path: (directory as NSString).appendingPathComponent(name))
            files[file.key, default: []].append(file)
        }
        for key in files.keys { files[key]!.sort { $0.preference > $1.preference } }
        return RecogDatabase(directory: directory, files: files)
    }

    public var fingerprintCount: Int { files.values.joined().reduce(0) { $0 + $1.fingerprints.count } }

    public func covers(_ field: BannerField) -> Bool { RecogDatabase.keys[field].flatMap { files[$0] } != nil }

    /// Recog's result fields for a key and raw input (no field normalisation).
    public func match(key: String, input: [UInt8], scratch: MatchScratch) -> (RecogFile, RecogFingerprint, [String: String])? {
        guard let candidates = files[key] else { return nil }
        return input.withUnsafeBytes { subject in
            for file in candidates {
                if let (fp, result) = file.match(subject, scratch: scratch.regex, candidates: scratch.prefilter(for: file)) {
                    return (file, fp, result)
                }
            }
            return nil
        }
    }

    /// Reusable per-caller matching state (regex match data, prefilter marks per file).
    public final class MatchScratch {
        let regex = PCRE2Pattern.Scratch()
        private var prefilters: [String: PrefilteredPatterns.Scratch] = [:]
        public init() {}
        func prefilter(for file: RecogFile) -> PrefilteredPatterns.Scratch {
            if let s = prefilters[file.path] { return s }
            let s = file.prefilter.makeScratch()
            prefilters[file.path] = s
            return s
        }
    }

    public func match(_ banner: String, field: BannerField) -> BannerMatch? {
        match(banner, field: field, scratch: BannerScratch())
    }

    public func match(_ banner: String, field: BannerField, scratch: BannerScratch) -> BannerMatch? {
        guard let key = RecogDatabase.keys[field], let candidates = files[key] else { return nil }
        let input = RecogInput.normalise(banner, field: field)
        return input.withUnsafeBytes { subject -> BannerMatch? in
            for file in candidates {
                guard let hit = file.firstMatch(subject, scratch: scratch.recog.regex, candidates: scratch.recog.prefilter(for: file)) else {
                    continue
                }
                let fp = file.fingerprints[hit.index]
                let result = fp.result(subject: subject, groups: hit.groups, protocol: file.proto, key: file.key)
                let signature = file.signatureNames[hit.index]
                return BannerMatch(database: name, signature: signature, params: result,
                                   identity: RecogIdentity.identity(result, signature: signature))
            }
            return nil
        }
    }

    public func allMatches(_ banner: String, field: BannerField) -> [BannerMatch] {
        guard let key = RecogDatabase.keys[field], let candidates = files[key] else { return [] }
        let input = RecogInput.normalise(banner, field: field)
        let scratch = PCRE2Pattern.Scratch()
        var out: [BannerMatch] = []
        input.withUnsafeBytes { subject in
            let isText = RecogText.isUTF8(subject)
            for file in candidates {
                for (i, fp) in file.fingerprints.enumerated() {
                    guard let groups = fp.match(subject, isText: isText, scratch: scratch) else { continue }
                    let result = fp.result(subject: subject, groups: groups, protocol: file.proto, key: file.key)
                    let signature = file.signatureNames[i]
                    out.append(BannerMatch(database: name, signature: signature, params: result,
                                           identity: RecogIdentity.identity(result, signature: signature)))
                }
            }
        }
        return out
    }
}

/// zgrab2 records banners as the wire gave them; Recog's inputs are pre-stripped (FORMATS.md).
enum RecogInput {
    static func normalise(_ banner: String, field: BannerField) -> [UInt8] {
        switch field {
        case .sshBanner:
            // `SSH-2.0-OpenSSH_8.9p1 Ubuntu` → `OpenSSH_8.9p1 Ubuntu`
            var line = Substring(banner.trimmingCharacters(in: CharacterSet(charactersIn: "\r\n")))
            if line.hasPrefix("SSH-"), let dash = line.dropFirst(4).firstIndex(of: "-") { line = line[line.index(after: dash)...] }
            return Array(line.utf8)
        case .ftpBanner, .smtpBanner:
            // The greeting's first line without the reply code: `220 (vsFTPd 3.0.5)\r\n` → `(vsFTPd 3.0.5)`.
            // Split on bytes: in Swift "\r\n" is one Character and would not split on "\n".
            var line = ArraySlice(banner.utf8)
            if let nl = line.firstIndex(of: 10) { line = line[..<nl] }
            if line.last == 13 { line = line.dropLast() }
            if line.count >= 4, line.prefix(3).allSatisfy({ $0 >= 48 && $0 <= 57 }),
               line[line.startIndex + 3] == 32 || line[line.startIndex + 3] == 45 {
                line = line.dropFirst(4)
            }
            return Array(line)
        case .tlsSubject:
            return Array(x509Subject(banner).utf8)
        default:
            return Array(banner.utf8)
        }
    }

    /// zgrab2's `C=TW, L=Taipei, O=Synology Inc., CN=synology.com` → Recog's `CN=synology.com,O=Synology Inc.,L=Taipei,C=TW`:
    /// RDNs most specific first, no spaces after the commas. Already CN-first input keeps its order.
    static func x509Subject(_ dn: String) -> String {
        let parts = dn.components(separatedBy: ", ").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard parts.count > 1 else { return dn }
        let ordered = parts.first?.hasPrefix("CN=") == true ? parts : parts.reversed()
        return ordered.joined(separator: ",")
    }
}
