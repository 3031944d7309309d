/// A TCP SYN signature in p0f v3 notation: `ver:ittl:olen:mss:wsize,scale:olayout:quirks:pclass`.
/// Observed signatures carry `ittl+dist` in the TTL field; both forms parse.
public struct TCPSignature: Hashable, Sendable, CustomStringConvertible {
    public var version: String          // "4", "6" or "*"
    public var initialTTL: Int
    public var distance: Int?           // from `ittl+dist`; nil for `+?` or database form
    public var optionsLength: Int
    public var mss: Int?                // nil for `*`
    public var windowSize: String       // kept verbatim: `8192`, `mss*10`, `%8192`, `*`
    public var windowScale: Int?        // nil for `*`
    public var optionLayout: [String]
    public var quirks: [String]
    public var payloadClass: String
    /// The text as given, so output reproduces exactly what the evidence said.
    public let raw: String

    public var description: String { raw }

    public enum ParseError: Error, CustomStringConvertible {
        case fieldCount(Int)
        case badField(String, String)

        public var description: String {
            switch self {
            case .fieldCount(let n): return "raw_sig has \(n) fields, expected 8 (ver:ittl:olen:mss:wsize,scale:olayout:quirks:pclass)"
            case .badField(let name, let value): return "raw_sig field \(name) is not valid: '\(value)'"
            }
        }
    }

    public init(parsing raw: String) throws {
        self.raw = raw
        let fields = raw.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard fields.count == 8 else { throw ParseError.fieldCount(fields.count) }
        guard ["4", "6", "*"].contains(fields[0]) else { throw ParseError.badField("ver", fields[0]) }
        version = fields[0]

        // Observed form `TTL+DIST` (p0f's raw_sig: `4:120+8` is TTL 120 seen, 8 hops, initial 128), or
        // `TTL+?` when the distance could not be guessed; database form `ITTL` or `ITTL-` (random-TTL tools).
        let ttlField = fields[1]
        if let plus = ttlField.firstIndex(of: "+") {
            guard let ttl = Int(ttlField[..<plus]), (1...255).contains(ttl) else { throw ParseError.badField("ittl", ttlField) }
            let rest = ttlField[ttlField.index(after: plus)...]
            if rest == "?" {
                distance = nil
                initialTTL = TCPSignature.guessInitialTTL(observed: ttl)
            } else if let d = Int(rest), d >= 0, ttl + d <= 255 {
                distance = d
                initialTTL = ttl + d
            } else {
                throw ParseError.badField("ittl", ttlField)
            }
        } else {
            let digits = ttlField.hasSuffix("-") ? String(ttlField.dropLast()) : ttlField
            guard let ttl = Int(digits), (1...255).contains(ttl) else { throw ParseError.badField("ittl", ttlField) }
            initialTTL = ttl
            distance = nil
        }

        guard let olen = Int(fields[2]), olen >= 0 else { throw ParseError.badField("olen", fields[2]) }
        optionsLength = olen

        if fields[3] == "*" { mss = nil } else if let m = Int(fields[3]), (0...65535).contains(m) { mss = m } else { throw ParseError.badField("mss", fields[3]) }

        let window = fields[4].split(separator: ",", omittingEmptySubsequences: false)
        guard window.count == 2, !window[0].isEmpty else { throw ParseError.badField("wsize,scale", fields[4]) }
        windowSize = String(window[0])
        guard TCPSignature.isValidWindow(windowSize) else { throw ParseError.badField("wsize", windowSize) }
        if window[1] == "*" { windowScale = nil } else if let s = Int(window[1]), (0...255).contains(s) { windowScale = s } else { throw ParseError.badField("scale", String(window[1])) }

        optionLayout = fields[5].isEmpty ? [] : fields[5].split(separator: ",").map(String.init)
        for option in optionLayout where !TCPSignature.isValidOption(option) { throw ParseError.badField("olayout", option) }
        quirks = fields[6].isEmpty ? [] : fields[6].split(separator: ",").map(String.init)
        guard ["0", "+", "*"].contains(fields[7]) else { throw ParseError.badField("pclass", fields[7]) }
        payloadClass = fields[7]
    }

    /// The usual initial TTLs are 32, 64, 128 and 255: the smallest one not below what was seen.
    public static func guessInitialTTL(observed: Int) -> Int {
        [32, 64, 128, 255].first { $0 >= observed } ?? 255
    }

    static func isValidWindow(_ w: String) -> Bool {
        if w == "*" { return true }
        if let n = Int(w) { return (0...65535).contains(n) }
        for prefix in ["%", "mss*", "mtu*"] where w.hasPrefix(prefix) {
            return Int(w.dropFirst(prefix.count)) != nil
        }
        return false
    }

    static func isValidOption(_ o: String) -> Bool {
        if ["mss", "nop", "ws", "sok", "sack", "ts"].contains(o) { return true }
        if o.hasPrefix("?") { return Int(o.dropFirst()) != nil }
        if o.hasPrefix("eol+") { return Int(o.dropFirst(4)) != nil }
        return false
    }

    /// The observed TTL on the wire, when the distance is known.
    public var observedTTL: Int? { distance.map { initialTTL - $0 } }

    /// Window size in bytes when it is a plain number or a multiple of the MSS.
    public var windowBytes: Int? {
        if let n = Int(windowSize) { return n }
        if windowSize.hasPrefix("mss*"), let k = Int(windowSize.dropFirst(4)), let mss { return k * mss }
        return nil
    }

    /// The window as a whole multiple of the MSS (`mss*44`, or 64240 with MSS 1460), nil otherwise.
    public var windowTimesMSS: Int? {
        if windowSize.hasPrefix("mss*") { return Int(windowSize.dropFirst(4)) }
        if let n = Int(windowSize), let mss, mss > 0, n % mss == 0 { return n / mss }
        return nil
    }

    public var hasTimestamps: Bool { optionLayout.contains("ts") }

    /// The signature without the hop distance: two hosts with equal stacks at equal distances share this.
    public var stackKey: String {
        "\(version):\(initialTTL):\(optionsLength):\(mss.map(String.init) ?? "*"):\(windowSize),\(windowScale.map(String.init) ?? "*"):\(optionLayout.joined(separator: ",")):\(quirks.joined(separator: ",")):\(payloadClass)"
    }
}
