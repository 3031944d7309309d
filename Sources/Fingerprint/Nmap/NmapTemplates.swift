/// The version-info templates of one `match` line (`p/…/ v/…/ i/…/ h/…/ o/…/ d/…/ cpe:/…/`), kept as the
/// file's bytes: they are filled from capture groups at match time (`NmapTemplateExpander`).
public struct NmapTemplates: Sendable, Equatable {
    public var product: [UInt8]?
    public var version: [UInt8]?
    public var info: [UInt8]?
    public var hostname: [UInt8]?
    public var os: [UInt8]?
    public var deviceType: [UInt8]?
    /// Each `cpe:` template in line order, with the `cpe:/` prefix nmap stores (`cpe:/a:vendor:product`).
    public var cpe: [[UInt8]] = []

    public init() {}

    /// Stores one template by nmap's one-letter (or `cpe:`) name. A repeated letter replaces the earlier
    /// template, as nmap does; returns false for a name nmap does not know.
    mutating func set(_ name: String, _ template: [UInt8]) -> Bool {
        switch name {
        case "p": product = template
        case "v": version = template
        case "i": info = template
        case "h": hostname = template
        case "o": os = template
        case "d": deviceType = template
        case "cpe:": cpe.append(template)
        default: return false
        }
        return true
    }
}

/// What one match says after its templates are filled: nmap's fields, absent when empty (nmap prints
/// nothing for an empty field, and a template that cannot be filled is emptied).
public struct NmapMatchResult: Sendable, Equatable {
    public var service: String
    public var isSoft: Bool
    public var product: String?
    public var version: String?
    public var info: String?
    public var hostname: String?
    public var os: String?
    public var deviceType: String?
    /// Application, hardware and OS CPEs, in that order, as nmap reports them (one of each at most).
    public var cpe: [String]

    public init(service: String, isSoft: Bool, product: String? = nil, version: String? = nil, info: String? = nil,
                hostname: String? = nil, os: String? = nil, deviceType: String? = nil, cpe: [String] = []) {
        self.service = service; self.isSoft = isSoft; self.product = product; self.version = version; self.info = info
        self.hostname = hostname; self.os = os; self.deviceType = deviceType; self.cpe = cpe
    }
}
