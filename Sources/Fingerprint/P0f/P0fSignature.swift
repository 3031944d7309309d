import BotCensusCore

/// One `sig =` line of p0f.fp's TCP sections: `ver:ittl:olen:mss:wsize,scale:olayout:quirks:pclass`.
public struct P0fSignature: Sendable, Equatable {
    public enum Window: Sendable, Equatable {
        case value(Int)       // exact window
        case any              // `*`
        case modulo(Int)      // `%N`: a multiple of N
        case mss(Int)         // `mss*N`
        case mtu(Int)         // `mtu*N`
    }

    /// 4, 6, or nil for `*`.
    public var ipVersion: Int?
    /// Initial TTL (`ittl+dist` forms are added up, as p0f does).
    public var ttl: Int
    /// `ittl-`: a tool that randomises the TTL; `ttl` is then a ceiling.
    public var randomTTL: Bool
    public var ipOptionsLength: Int
    /// nil for `*`.
    public var mss: Int?
    public var window: Window
    /// nil for `*`.
    public var windowScale: Int?
    /// Option kinds in order; EOL is 0 and `?N` is N.
    public var optionLayout: [UInt8]
    /// `eol+N`: bytes after the EOL option.
    public var eolPadding: Int
    public var quirks: P0fQuirks
    /// 0 for no payload, 1 for payload, nil for `*`.
    public var payloadClass: Int?

    /// At most this many options (p0f's MAX_TCP_OPT); longer layouts cannot occur in what p0f observes.
    public static let maxOptions = P0fNotation.maxOptions

    /// Parses the value of a `sig =` line; the error is the reason, without file or line.
    public init(parsing text: String) throws(P0fSignatureError) {
        let fields = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard fields.count == 8 else { throw .init("signature has \(fields.count) fields, expected 8 (ver:ittl:olen:mss:wsize,scale:olayout:quirks:pclass)") }
        switch fields[0] {
        case "4": ipVersion = 4
        case "6": ipVersion = 6
        case "*": ipVersion = nil
        default: throw .init("IP version '\(fields[0])' is not 4, 6 or *")
        }
        (ttl, randomTTL) = try Self.parseTTL(fields[1])
        ipOptionsLength = try Self.number(fields[2], "IP option length", 0...255)
        mss = fields[3] == "*" ? nil : try Self.number(fields[3], "MSS", 0...65535)
        let windowParts = fields[4].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard windowParts.count == 2 else { throw .init("window field '\(fields[4])' is not wsize,scale") }
        window = try Self.parseWindow(windowParts[0])
        windowScale = windowParts[1] == "*" ? nil : try Self.number(windowParts[1], "window scale", 0...255)
        (optionLayout, eolPadding) = try Self.parseLayout(fields[5])
        quirks = try Self.parseQuirks(fields[6], version: ipVersion)
        switch fields[7] {
        case "*": payloadClass = nil
        case "0": payloadClass = 0
        case "+": payloadClass = 1
        default: throw .init("payload class '\(fields[7])' is not 0, + or *")
        }
    }

    static func number(_ text: String, _ what: String, _ range: ClosedRange<Int>) throws(P0fSignatureError) -> Int {
        guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let n = Int(text), range.contains(n) else {
            throw .init("\(what) '\(text)' is not a number in \(range.lowerBound)...\(range.upperBound)")
        }
        return n
    }

    private static func parseTTL(_ text: String) throws(P0fSignatureError) -> (Int, Bool) {
        if text.hasSuffix("-") { return (try number(String(text.dropLast()), "initial TTL", 1...255), true) }
        if let plus = text.firstIndex(of: "+") {
            let base = try number(String(text[..<plus]), "initial TTL", 1...255)
            let extra = try number(String(text[text.index(after: plus)...]), "TTL distance", 0...254)
            guard base + extra <= 255 else { throw .init("initial TTL '\(text)' adds up to more than 255") }
            return (base + extra, false)
        }
        return (try number(text, "initial TTL", 1...255), false)
    }

    private static func parseWindow(_ text: String) throws(P0fSignatureError) -> Window {
        if text == "*" { return .any }
        if text.hasPrefix("%") { return .modulo(try number(String(text.dropFirst()), "window modulus", 2...65535)) }
        if text.hasPrefix("mss*") { return .mss(try number(String(text.dropFirst(4)), "MSS multiplier", 1...1000)) }
        if text.hasPrefix("mtu*") { return .mtu(try number(String(text.dropFirst(4)), "MTU multiplier", 1...1000)) }
        return .value(try number(text, "window size", 0...65535))
    }

    static let optionNames: [String: UInt8] = ["nop": 1, "mss": 2, "ws": 3, "sok": 4, "sack": 5, "ts": 8]

    private static func parseLayout(_ text: String) throws(P0fSignatureError) -> ([UInt8], Int) {
        guard !text.isEmpty else { return ([], 0) }
        let names = text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard names.count <= maxOptions else { throw .init("more than \(maxOptions) TCP options") }
        var layout: [UInt8] = []
        var padding = 0
        for (i, name) in names.enumerated() {
            if let kind = optionNames[name] {
                layout.append(kind)
            } else if name.hasPrefix("eol+") {
                guard i == names.count - 1 else { throw .init("EOL must be the last option") }
                padding = try number(String(name.dropFirst(4)), "EOL padding", 0...255)
                layout.append(0)
            } else if name.hasPrefix("?") {
                layout.append(UInt8(try number(String(name.dropFirst()), "option kind", 0...255)))
            } else {
                throw .init("unknown TCP option '\(name)'")
            }
        }
        return (layout, padding)
    }

    private static func parseQuirks(_ text: String, version: Int?) throws(P0fSignatureError) -> P0fQuirks {
        guard !text.isEmpty else { return [] }
        var quirks: P0fQuirks = []
        for name in text.split(separator: ",", omittingEmptySubsequences: false).map(String.init) {
            guard let quirk = P0fQuirks(name: name) else { throw .init("unknown quirk '\(name)'") }
            if version == 6 && P0fQuirks.ipv4Only.contains(quirk) { throw .init("quirk '\(name)' is not valid for IPv6") }
            if version == 4 && P0fQuirks.ipv6Only.contains(quirk) { throw .init("quirk '\(name)' is not valid for IPv4") }
            quirks.insert(quirk)
        }
        return quirks
    }
}

/// Why a `sig =` value does not parse.
public struct P0fSignatureError: Error, Sendable, CustomStringConvertible {
    public var reason: String
    init(_ reason: String) { self.reason = reason }
    public var description: String { reason }
}
