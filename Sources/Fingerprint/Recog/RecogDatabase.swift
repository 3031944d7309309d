import BotCensusCore
import Foundation

/// Recog's fingerprint XML as a `BannerMatcher`. Files sharing a key are tried by preference, highest
/// first; within a file the first match in file order wins.
public struct RecogDatabase: BannerMatcher, Sendable {
    public let name = "recog"
    public let directory: String
    private let index: RecogKeyIndex

    /// Already-read files by key, each list sorted by preference (highest first).
    public init(directory: String, files: [String: [RecogFile]]) {
        self.directory = directory
        index = RecogKeyIndex(files: files)
    }

    /// Files by key, each list sorted by preference (highest first); reads every key not read yet, and
    /// stops the program on a file that does not load (call `allFiles()` or `prepare(for:)` to get the error).
    public var files: [String: [RecogFile]] {
        do { return try allFiles() } catch { fatalError("\(error)") }
    }

    public func allFiles() throws -> [String: [RecogFile]] {
        try Dictionary(uniqueKeysWithValues: index.paths.keys.map { ($0, try index.files($0)) })
    }

    /// The key's files by preference; read now when not yet (see `files` on errors).
    func files(forKey key: String) -> [RecogFile]? {
        guard index.paths[key] != nil else { return nil }
        do { return try index.files(key) } catch { fatalError("\(error)") }
    }

    /// Reads the files of the keys these fields use, so a file that does not load is an error now.
    public func prepare(for fields: [BannerField]) throws {
        for field in fields { if let key = RecogDatabase.keys[field] { _ = try index.files(key) } }
    }

    /// Which Recog key reads which zgrab2 field.
    public static let keys: [BannerField: String] = [
        .httpServer: "http_header.server", .httpTitle: "html_title", .httpWWWAuthenticate: "http_header.wwwauth",
        .tlsSubject: "x509.subject", .sshBanner: "ssh.banner", .ftpBanner: "ftp.banner", .smtpBanner: "smtp.banner",
        .telnetBanner: "telnet_banners",
    ]

    /// The folder's files, each read when its key is first used (`prepare(for:)` reads them up front).
    public static func load(directory: String) throws -> RecogDatabase {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".xml") }.sorted()
        guard !names.isEmpty else {
            throw RecogFile.LoadError(path: directory, line: 0, reason: "no Recog .xml files in this directory")
        }
        return RecogDatabase(directory: directory, index: try RecogKeyIndex(directory: directory, names: names))
    }

    private init(directory: String, index: RecogKeyIndex) {
        self.directory = directory; self.index = index
    }

    public var fingerprintCount: Int { files.values.joined().reduce(0) { $0 + $1.fingerprints.count } }

    public func covers(_ field: BannerField) -> Bool { RecogDatabase.keys[field].flatMap { index.paths[$0] } != nil }

    /// Recog's result fields for a key and raw input (no field normalisation).
    public func match(key: String, input: [UInt8], scratch: MatchScratch) -> (RecogFile, RecogFingerprint, [String: String])? {
        guard let candidates = files(forKey: key) else { return nil }
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
        /// The last database's files and their prefilter marks for each field (by `BannerField` order):
        /// a banner then costs no String-keyed lookups to find them.
        fileprivate var byField: [(owner: ObjectIdentifier, files: [RecogFile], marks: [PrefilteredPatterns.Scratch])?] =
            Array(repeating: nil, count: BannerField.allCases.count)
        public init() {}
        func prefilter(for file: RecogFile) -> PrefilteredPatterns.Scratch {
            if let s = prefilters[file.path] { return s }
            let s = file.prefilter.makeScratch()
            prefilters[file.path] = s
            return s
        }
    }

    /// With Recog's result fields as `params` (for `--explain`).
    public func match(_ banner: String, field: BannerField) -> BannerMatch? {
        guard let key = RecogDatabase.keys[field], let candidates = files(forKey: key) else { return nil }
        let input = RecogInput.normalise(banner, field: field)
        let scratch = MatchScratch()
        return input.withUnsafeBytes { subject -> BannerMatch? in
            for file in candidates {
                guard let hit = file.firstMatch(subject, scratch: scratch.regex, candidates: scratch.prefilter(for: file)) else {
                    continue
                }
                let result = file.fingerprints[hit.index].result(subject: subject, groups: hit.groups, protocol: file.proto, key: file.key)
                let signature = file.signatureNames[hit.index]
                return BannerMatch(database: name, signature: signature, params: result,
                                   identity: RecogIdentity.identity(result, signature: signature))
            }
            return nil
        }
    }

    public func match(_ banner: String, field: BannerField, scratch: BannerScratch) -> BannerMatch? {
        let slot = BannerField.allCases.firstIndex(of: field)!
        let owner = ObjectIdentifier(index)
        if scratch.recog.byField[slot]?.owner != owner {
            guard let key = RecogDatabase.keys[field], let files = files(forKey: key) else { return nil }
            scratch.recog.byField[slot] = (owner, files, files.map { scratch.recog.prefilter(for: $0) })
        }
        let (_, candidates, marks) = scratch.recog.byField[slot]!
        let input = RecogInput.normalise(banner, field: field)
        return input.withUnsafeBytes { subject -> BannerMatch? in
            for (file, mark) in zip(candidates, marks) {
                let regex = scratch.recog.regex
                guard let hit = file.firstHit(subject, scratch: regex, candidates: mark) else {
                    continue
                }
                let signature = file.signatureNames[hit.index]
                // The streaming path reads only the identity: no result dictionary when a plan gives it.
                if let plan = file.identityPlans[hit.index] {
                    return BannerMatch(database: name, signature: signature, params: [:],
                                       identity: plan.identity(subject: subject, pattern: hit.pattern, scratch: regex))
                }
                let result = file.fingerprints[hit.index].result(subject: subject, groups: hit.pattern.groups(regex),
                                                                 protocol: file.proto, key: file.key)
                return BannerMatch(database: name, signature: signature, params: result,
                                   identity: RecogIdentity.identity(result, signature: signature))
            }
            return nil
        }
    }

    public func allMatches(_ banner: String, field: BannerField) -> [BannerMatch] {
        guard let key = RecogDatabase.keys[field], let candidates = files(forKey: key) else { return [] }
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
