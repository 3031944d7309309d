/// The subject of an X.509 certificate read straight from its DER bytes (masscan's `X509` banner is the
/// server certificate in base64). Only the walk to the subject name is done: tbsCertificate → [0] version,
/// serial, signature, issuer, validity, subject. Bad input gives nil, never a trap.
enum DERCertificate {
    /// Attribute type OIDs (DER content bytes) to the short names of a DN.
    static let attributeNames: [[UInt8]: String] = [
        [0x55, 0x04, 0x03]: "CN", [0x55, 0x04, 0x06]: "C", [0x55, 0x04, 0x07]: "L", [0x55, 0x04, 0x08]: "ST",
        [0x55, 0x04, 0x09]: "street", [0x55, 0x04, 0x0A]: "O", [0x55, 0x04, 0x0B]: "OU", [0x55, 0x04, 0x05]: "serialNumber",
        [0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x09, 0x01]: "emailAddress",
    ]

    /// One TLV: tag, and the ranges of the content and of the whole element.
    struct Element {
        var tag: UInt8
        var content: Range<Int>
        var end: Int
    }

    static func element(_ der: [UInt8], at start: Int, limit: Int) -> Element? {
        guard start + 2 <= limit else { return nil }
        let tag = der[start]
        var length = Int(der[start + 1])
        var i = start + 2
        if length & 0x80 != 0 {
            let count = length & 0x7F
            guard count >= 1, count <= 4, i + count <= limit else { return nil }
            length = 0
            for _ in 0..<count { length = length << 8 | Int(der[i]); i += 1 }
        }
        guard length >= 0, i + length <= limit else { return nil }
        return Element(tag: tag, content: i..<(i + length), end: i + length)
    }

    /// The subject's attributes in certificate order (`[(C, TW), (O, Synology Inc.), (CN, synology.com)]`).
    static func subject(_ der: [UInt8]) -> [(key: String, value: String)]? {
        guard let certificate = element(der, at: 0, limit: der.count), certificate.tag == 0x30,
              let tbs = element(der, at: certificate.content.lowerBound, limit: certificate.end), tbs.tag == 0x30 else { return nil }
        var i = tbs.content.lowerBound
        var field = 0
        // Fields before the subject: [0] version (optional), serial, signature, issuer, validity.
        while let e = element(der, at: i, limit: tbs.end) {
            if field == 0 && e.tag == 0xA0 { i = e.end; continue }
            if field == 4 {
                guard e.tag == 0x30 else { return nil }
                return names(der, e)
            }
            field += 1
            i = e.end
        }
        return nil
    }

    /// Name ::= SEQUENCE OF SET OF SEQUENCE { type OID, value string }.
    private static func names(_ der: [UInt8], _ name: Element) -> [(key: String, value: String)] {
        var parts: [(key: String, value: String)] = []
        var i = name.content.lowerBound
        while let set = element(der, at: i, limit: name.end), set.tag == 0x31 {
            var j = set.content.lowerBound
            while let pair = element(der, at: j, limit: set.end), pair.tag == 0x30 {
                if let oid = element(der, at: pair.content.lowerBound, limit: pair.end), oid.tag == 0x06,
                   let value = element(der, at: oid.end, limit: pair.end) {
                    let key = attributeNames[Array(der[oid.content])] ?? oidText(Array(der[oid.content]))
                    parts.append((key, text(Array(der[value.content]), tag: value.tag)))
                }
                j = pair.end
            }
            i = set.end
        }
        return parts
    }

    /// String types: BMPString is UTF-16BE, the rest are read as UTF-8 (ASCII and Latin-1 subsets in practice).
    private static func text(_ bytes: [UInt8], tag: UInt8) -> String {
        if tag == 0x1E {
            var units: [UInt16] = []
            var k = 0
            while k + 1 < bytes.count { units.append(UInt16(bytes[k]) << 8 | UInt16(bytes[k + 1])); k += 2 }
            return String(decoding: units, as: UTF16.self)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Dotted form of an OID for attributes without a short name.
    private static func oidText(_ bytes: [UInt8]) -> String {
        guard let first = bytes.first else { return "" }
        var parts = [String(Int(first) / 40), String(Int(first) % 40)]
        var value = 0
        for b in bytes.dropFirst() {
            value = value << 7 | Int(b & 0x7F)
            if b & 0x80 == 0 { parts.append(String(value)); value = 0 }
            if value > 1 << 40 { break }
        }
        return parts.joined(separator: ".")
    }
}
