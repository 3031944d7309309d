import Foundation

/// What one masscan banner record says, as banner fields. masscan names the banner's kind (`http`,
/// `http.server`, `title`, `html`, `ssh`, `ftp`, `smtp`, `telnet`, `ssl`, `X509`, …) and escapes every byte
/// that is not printable ASCII (`\xNN` in `-oL`, `\u00NN` in `-oJ`), so the banner is handled as bytes.
enum MasscanBanner {
    /// The protocol an observation of this banner kind belongs to: kinds of one protocol are merged into one
    /// observation (an HTTP response gives `http`, `http.server` and `title` records for one connection).
    static func proto(service: String) -> String {
        switch service.lowercased() {
        case "http", "http.server", "title", "html": return "http"
        case "ssl", "x509", "x509ca": return "tls"
        case "ssh", "ssh1", "ssh2": return "ssh"
        case let other: return other
        }
    }

    /// Banner fields for one record.
    static func fields(service: String, banner: [UInt8]) -> [String: String] {
        let text = String(decoding: banner, as: UTF8.self)
        switch service.lowercased() {
        case "http":
            return HTTPResponseHead.fields(text)
        case "http.server":
            return ["http.server": text]
        case "title":
            return text.isEmpty ? [:] : ["http.title": text]
        case "html":
            return HTMLTitle.extract(text).map { ["http.title": $0] } ?? [:]
        case "ssh", "ssh1", "ssh2":
            return ["ssh.banner": text.trimmingCharacters(in: CharacterSet(charactersIn: "\r\n"))]
        case "ftp", "smtp":
            return ["\(service.lowercased()).banner": text]
        case "telnet":
            return ["telnet.banner": String(decoding: TelnetNegotiation.strip(banner), as: UTF8.self)]
        case "x509":
            let base64 = text.filter { !$0.isWhitespace }
            guard let der = Data(base64Encoded: base64), let subject = DERCertificate.subject(Array(der)),
                  let dn = SubjectDN.format(subject) else { return [:] }
            return ["tls.subject": dn]
        case "x509ca":
            return [:]
        case let other:
            return ["masscan.\(other)": text]
        }
    }

    /// `-oL` banners: `\xNN` escapes back to bytes.
    static func unescapeList(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "\\"), i + 3 < bytes.count, bytes[i + 1] == UInt8(ascii: "x"),
               let hi = hexValue(bytes[i + 2]), let lo = hexValue(bytes[i + 3]) {
                out.append(hi << 4 | lo)
                i += 4
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return out
    }

    /// `-oJ` banners: JSON has already decoded `\u00NN`; each code point below 256 is one byte of the banner.
    static func bytes(fromJSON text: String) -> [UInt8] {
        var out: [UInt8] = []
        for scalar in text.unicodeScalars {
            if scalar.value < 256 { out.append(UInt8(scalar.value)) } else { out.append(contentsOf: Array(String(scalar).utf8)) }
        }
        return out
    }

    private static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case 48...57: return b - 48
        case 97...102: return b - 87
        case 65...70: return b - 55
        default: return nil
        }
    }
}
