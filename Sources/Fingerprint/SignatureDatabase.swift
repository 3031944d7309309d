import BotCensusCore
import Foundation

/// Our own banner signature database (`Resources/signatures.json`): ordered signatures per banner field,
/// first match in file order wins, as in Recog.
public struct SignatureDatabase: Sendable {
    public struct LoadError: Error, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    public let name: String
    public let signatures: [BannerSignature]
    private let byField: [BannerField: [BannerSignature]]
    private let prefilters: [BannerField: PrefilteredPatterns]

    /// Field order for choosing one identity per observation: page titles and realms name products,
    /// server headers often only name the embedded web server.
    public static let fieldPriority: [BannerField] = [.httpTitle, .httpWWWAuthenticate, .tlsSubject, .httpServer,
                                                      .telnetBanner, .sshBanner, .ftpBanner, .smtpBanner]

    public init(name: String, signatures: [BannerSignature]) {
        self.name = name
        self.signatures = signatures
        self.byField = Dictionary(grouping: signatures, by: \.field)
        self.prefilters = byField.mapValues { PrefilteredPatterns(patterns: $0.map(\.pattern.pattern)) }
    }

    /// The database shipped with botcensus.
    public static func builtIn() throws -> SignatureDatabase {
        guard let url = Bundle.module.url(forResource: "signatures", withExtension: "json") else {
            throw LoadError(message: "built-in signatures.json is missing from the Fingerprint bundle")
        }
        return try load(url: url, name: "botcensus")
    }

    public static func load(url: URL, name: String) throws -> SignatureDatabase {
        let data = try Data(contentsOf: url)
        return try parse(data, name: name, file: url.path)
    }

    struct FileModel: Decodable {
        struct Entry: Decodable {
            var id: String
            var field: String
            var pattern: String
            var flags: String?
            var `class`: String
            var vendor: String?
            var product: String?
            var version: String?
            var os: String?
            var description: String?
            var examples: [BannerSignature.Example]
        }
        var version: Int
        var signatures: [Entry]
    }

    public static func parse(_ data: Data, name: String, file: String) throws -> SignatureDatabase {
        let model: FileModel
        do { model = try JSONDecoder().decode(FileModel.self, from: data) } catch {
            throw LoadError(message: "\(file): not a signature database: \(error)")
        }
        var seen = Set<String>()
        var signatures: [BannerSignature] = []
        for entry in model.signatures {
            let place = "\(file): signature \(entry.id)"
            guard seen.insert(entry.id).inserted else { throw LoadError(message: "\(place): duplicate id") }
            guard let field = BannerField(rawValue: entry.field) else { throw LoadError(message: "\(place): unknown field '\(entry.field)'") }
            guard let deviceClass = DeviceClass(rawValue: entry.class) else { throw LoadError(message: "\(place): unknown class '\(entry.class)'") }
            let os: OSFamily
            if let text = entry.os {
                guard let value = OSFamily(rawValue: text) else { throw LoadError(message: "\(place): unknown os '\(text)'") }
                os = value
            } else {
                os = .unknown
            }
            var options: PCRE2Pattern.Options = []
            for flag in entry.flags ?? "" {
                switch flag {
                case "i": options.insert(.caseless)
                case "s": options.insert(.dotAll)
                case "m": options.insert(.multiline)
                default: throw LoadError(message: "\(place): unknown flag '\(flag)'")
                }
            }
            let pattern: PCRE2Pattern
            do { pattern = try PCRE2Pattern(entry.pattern, options: options) } catch {
                throw LoadError(message: "\(place): \(error)")
            }
            signatures.append(BannerSignature(id: entry.id, field: field, pattern: pattern, deviceClass: deviceClass,
                                              vendor: entry.vendor, product: entry.product, versionTemplate: entry.version,
                                              os: os, description: entry.description, examples: entry.examples))
        }
        return SignatureDatabase(name: name, signatures: signatures)
    }

    /// The first signature of `field` that matches `banner`, with the identity it gives.
    public func identify(_ banner: String, field: BannerField) -> DeviceIdentity? {
        firstMatch(banner, field: field).map { $0.1 }
    }

    /// The same answer by trying every signature of the field in order (the prefilter's baseline).
    public func matchWithoutPrefilter(_ banner: String, field: BannerField) -> BannerMatch? {
        firstMatch(banner, field: field, prefiltered: false).map { BannerSignature.match($0.0, $0.1) }
    }

    func firstMatch(_ banner: String, field: BannerField, prefiltered: Bool = true) -> (BannerSignature, DeviceIdentity)? {
        guard let candidates = byField[field], let prefilter = prefilters[field] else { return nil }
        var copy = banner
        return copy.withUTF8 { buffer in
            let subject = UnsafeRawBufferPointer(buffer)
            let scratch = PCRE2Pattern.Scratch()
            let indices = prefiltered ? prefilter.candidates(subject) : Array(0..<Int32(candidates.count))
            for i in indices {
                let signature = candidates[Int(i)]
                if let groups = signature.pattern.match(subject, scratch: scratch) {
                    return (signature, signature.identity(subject: subject, groups: groups, database: name))
                }
            }
            return nil
        }
    }


    /// One identity for an observation, by the same rule as several databases together (`Identifier`).
    public func identify(_ observation: ServiceObservation) -> DeviceIdentity? {
        Identifier(databases: [self]).identify(observation)
    }
}

extension SignatureDatabase: BannerMatcher {
    public func covers(_ field: BannerField) -> Bool { byField[field] != nil }

    public func match(_ banner: String, field: BannerField) -> BannerMatch? {
        firstMatch(banner, field: field).map { BannerSignature.match($0.0, $0.1) }
    }

    public func allMatches(_ banner: String, field: BannerField) -> [BannerMatch] {
        var copy = banner
        return copy.withUTF8 { buffer in
            let subject = UnsafeRawBufferPointer(buffer)
            return (byField[field] ?? []).compactMap { signature in
                signature.pattern.match(subject).map { BannerSignature.match(signature, signature.identity(subject: subject, groups: $0, database: name)) }
            }
        }
    }
}

extension BannerSignature {
    static func match(_ s: BannerSignature, _ identity: DeviceIdentity) -> BannerMatch {
        var params: [String: String] = ["class": identity.deviceClass.rawValue]
        if let v = identity.vendor { params["vendor"] = v }
        if let p = identity.product { params["product"] = p }
        if let v = identity.version { params["version"] = v }
        return BannerMatch(database: identity.database, signature: s.id, params: params, identity: identity)
    }
}
