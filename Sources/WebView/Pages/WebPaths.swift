/// The web view's URLs, built in one place: every path segment and query value percent-encoded (an address,
/// a campaign key an attacker's mail produced), so a link always leads where it says.
enum WebPaths {
    static let overview = "/"
    static let campaignList = "/campaigns"

    static func address(_ ip: String, offset: Int = 0) -> String {
        "/addresses/" + encode(ip) + (offset > 0 ? "?offset=\(offset)" : "")
    }

    static func campaign(_ key: String, offset: Int = 0) -> String {
        "/campaigns/" + encode(key) + (offset > 0 ? "?offset=\(offset)" : "")
    }

    static func campaigns(offset: Int) -> String { offset > 0 ? "/campaigns?offset=\(offset)" : "/campaigns" }

    static func search(query: String, verdict: String? = nil, offset: Int = 0) -> String {
        var parts = ["q=" + encode(query)]
        if let verdict { parts.append("verdict=" + encode(verdict)) }
        if offset > 0 { parts.append("offset=\(offset)") }
        return "/search?" + parts.joined(separator: "&")
    }

    /// RFC 3986 unreserved characters (and `:` of IPv6 addresses) stay; every other byte is `%XX`.
    static func encode(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: ":"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".unicodeScalars)
                out += "%"
                out.unicodeScalars.append(hex[Int(byte >> 4)])
                out.unicodeScalars.append(hex[Int(byte & 15)])
            }
        }
        return out
    }

    /// A path segment as the client sent it, percent-decoded (Hummingbird hands path parameters over raw).
    static func decode(_ segment: some StringProtocol) -> String {
        var bytes: [UInt8] = []
        var utf8 = Array(segment.utf8)[...]
        while let byte = utf8.popFirst() {
            if byte == UInt8(ascii: "%"), utf8.count >= 2, let value = UInt8(String(decoding: utf8.prefix(2), as: UTF8.self), radix: 16) {
                bytes.append(value)
                utf8 = utf8.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
