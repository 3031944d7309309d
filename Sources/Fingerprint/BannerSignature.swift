import BotCensusCore

/// One signature of our own database: a pattern on one banner field and what a match means.
public struct BannerSignature: Sendable {
    public struct Example: Sendable, Codable {
        public var input: String
        public var vendor: String?
        public var product: String?
        public var version: String?
        public var deviceClass: DeviceClass?
        enum CodingKeys: String, CodingKey { case input, vendor, product, version, deviceClass = "class" }
    }

    public var id: String
    public var field: BannerField
    public var pattern: PCRE2Pattern
    public var deviceClass: DeviceClass
    public var vendor: String?
    public var product: String?
    /// Template with `$1`…`$9` capture substitutions.
    public var versionTemplate: String?
    public var os: OSFamily
    public var description: String?
    public var examples: [Example]

    /// The identity this signature gives for a match with these capture groups.
    func identity(subject: UnsafeRawBufferPointer, groups: [Range<Int>?], database: String) -> DeviceIdentity {
        var version: String?
        if let template = versionTemplate {
            let expanded = BannerSignature.expand(template, subject: subject, groups: groups)
            version = expanded.isEmpty ? nil : expanded
        }
        return DeviceIdentity(deviceClass: deviceClass, vendor: vendor, product: product, version: version, os: os,
                              signature: id, database: database, field: field.rawValue)
    }

    /// Replaces `$N` with capture group N (empty when the group did not take part), then trims spaces.
    static func expand(_ template: String, subject: UnsafeRawBufferPointer, groups: [Range<Int>?]) -> String {
        var out = ""
        var chars = template.makeIterator()
        var pending: Character? = chars.next()
        while let c = pending {
            pending = chars.next()
            if c == "$", let d = pending, let n = d.wholeNumberValue, n >= 1 {
                pending = chars.next()
                if n < groups.count, let range = groups[n] {
                    out += String(decoding: subject[range], as: UTF8.self)
                }
            } else {
                out.append(c)
            }
        }
        return out.trimmingSpaces()
    }
}

extension String {
    func trimmingSpaces() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        return String(scalars[first...last])
    }
}
