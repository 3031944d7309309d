import Foundation
import BotCensusCore

/// Several fingerprint databases consulted together. The answer is the first database's match that names
/// a device class, else the first match at all; every other match is kept so `--explain` can show what lost.
public struct Identifier: Sendable {
    public let databases: [any BannerMatcher]

    public init(databases: [any BannerMatcher]) {
        self.databases = databases
    }

    /// Every database's preparation for these fields (see `BannerMatcher.prepare(for:)`).
    public func prepare(for fields: [BannerField]) throws {
        for database in databases { try database.prepare(for: fields) }
    }

    public struct Reading: Sendable {
        public var winner: BannerMatch?
        /// Each database's own answer, in database order (the winner included).
        public var answers: [BannerMatch]
    }

    public func identify(_ banner: String, field: BannerField) -> Reading {
        let answers = databases.filter { $0.covers(field) }.compactMap { $0.match(banner, field: field) }
        let named = answers.first { $0.identity.deviceClass != .unknown && $0.identity.deviceClass != .iotOther }
        return Reading(winner: named ?? answers.first, answers: answers)
    }

    /// `identify(_:field:).winner` without the other answers: stops at the first database whose match names
    /// a device class, and reuses `scratch` (for streams of banners).
    public func winner(_ banner: String, field: BannerField, scratch: BannerScratch) -> BannerMatch? {
        var first: BannerMatch?
        for database in databases where database.covers(field) {
            guard let m = database.match(banner, field: field, scratch: scratch) else { continue }
            if m.identity.deviceClass != .unknown && m.identity.deviceClass != .iotOther { return m }
            if first == nil { first = m }
        }
        return first
    }

    /// One identity for an observation: the first banner field (in `SignatureDatabase.fieldPriority`) whose
    /// reading names a specific class, else the first reading at all.
    public func identify(_ observation: ServiceObservation) -> DeviceIdentity? {
        var generic: DeviceIdentity?
        for field in SignatureDatabase.fieldPriority {
            guard let banner = observation.fields[field.rawValue], let identity = identify(banner, field: field).winner?.identity else { continue }
            if identity.deviceClass != .iotOther && identity.deviceClass != .unknown { return identity }
            if generic == nil { generic = identity }
        }
        if let generic { return generic }
        // Fields of other protocols that carry the same kind of text (an RTSP or SSDP `Server` header, a UPnP
        // model name, a raw banner), read with the signatures of the field they resemble; the identity says
        // which field it came from.
        for (name, field) in Self.aliases {
            guard var banner = observation.fields[name] else { continue }
            banner = banner.trimmingCharacters(in: .whitespacesAndNewlines)
            let as_ = field ?? BannerFieldGuess.guess(banner)
            guard var identity = identify(banner, field: as_).winner?.identity else { continue }
            identity.field = name
            if identity.deviceClass != .iotOther && identity.deviceClass != .unknown { return identity }
            if generic == nil { generic = identity }
        }
        return generic
    }

    /// Non-standard fields and the banner field whose signatures read them (nil: guessed from the text).
    static let aliases: [(String, BannerField?)] = [
        ("rtsp.server", .httpServer), ("rtsp.www_authenticate", .httpWWWAuthenticate), ("upnp.server", .httpServer),
        ("upnp.modelName", .httpTitle), ("upnp.friendlyName", .httpTitle), ("banner.banner", nil),
    ]

    /// Everything that matched in every database (for `--explain`): each database's matches in its order.
    public func explain(_ banner: String, field: BannerField) -> [BannerMatch] {
        databases.filter { $0.covers(field) }.flatMap { $0.allMatches(banner, field: field) }
    }
}

/// Which banner field a bare banner most likely is, when the user did not say.
public enum BannerFieldGuess {
    public static func guess(_ banner: String) -> BannerField {
        let lower = banner.lowercased()
        if banner.hasPrefix("SSH-") { return .sshBanner }
        if banner.hasPrefix("220") || banner.hasPrefix("421") || banner.hasPrefix("554") {
            return ["smtp", "esmtp", "mail", "postfix", "exim", "sendmail"].contains(where: lower.contains) ? .smtpBanner : .ftpBanner
        }
        if lower.hasPrefix("basic ") || lower.hasPrefix("digest ") || lower.hasPrefix("ntlm") || lower.hasPrefix("negotiate") || lower.contains("realm=") {
            return .httpWWWAuthenticate
        }
        if (banner.hasPrefix("CN=") || banner.hasPrefix("C=") || banner.hasPrefix("O=")) && banner.contains("=") { return .tlsSubject }
        if lower.contains("login:") || lower.contains("password:") || lower.contains("busybox") { return .telnetBanner }
        if banner.contains("/") || !banner.contains(" ") { return .httpServer }
        return .httpTitle
    }
}

/// One banner per line on stdin, with `\r`, `\n`, `\t`, `\\` and `\xNN` escapes decoded so that
/// multi-line and binary banners fit on one line.
public enum BannerEscapes {
    public static func decode(_ line: String) -> String {
        guard line.contains("\\") else { return line }
        var bytes: [UInt8] = []
        let source = Array(line.utf8)
        var i = 0
        while i < source.count {
            let c = source[i]
            if c == UInt8(ascii: "\\"), i + 1 < source.count {
                let e = source[i + 1]
                switch e {
                case UInt8(ascii: "r"): bytes.append(13); i += 2; continue
                case UInt8(ascii: "n"): bytes.append(10); i += 2; continue
                case UInt8(ascii: "t"): bytes.append(9); i += 2; continue
                case UInt8(ascii: "\\"): bytes.append(92); i += 2; continue
                case UInt8(ascii: "x") where i + 3 < source.count:
                    if let v = UInt8(String(decoding: source[(i + 2)...(i + 3)], as: UTF8.self), radix: 16) {
                        bytes.append(v); i += 4; continue
                    }
                default: break
                }
            }
            bytes.append(c)
            i += 1
        }
        // Banners may hold bytes that are not UTF-8; keep them one-to-one as Latin-1 characters.
        if let s = String(validating: bytes, as: UTF8.self) { return s }
        return String(bytes.map { Character(Unicode.Scalar($0)) })
    }
}
