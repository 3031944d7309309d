/// The parts of a MIME `Content-Type` (RFC 2045 §5.1) the campaign digest needs: media type, `boundary`
/// (case kept: it is compared byte for byte) and `charset`.
struct ContentType: Equatable {
    /// `type/subtype`, lowercase; `text/plain` when the header is absent (RFC 2045 §5.2).
    var mediaType: String
    var boundary: [UInt8]?
    var charset: String?

    static let plainText = ContentType(mediaType: "text/plain", boundary: nil, charset: nil)

    var isMultipart: Bool { mediaType.hasPrefix("multipart/") }
    var isText: Bool { mediaType == "text/plain" || mediaType == "text/html" }

    init(mediaType: String, boundary: [UInt8]?, charset: String?) {
        self.mediaType = mediaType; self.boundary = boundary; self.charset = charset
    }

    init(header value: ArraySlice<UInt8>?) {
        guard let value, !value.isEmpty else { self = .plainText; return }
        let params = ContentType.split(value)
        let type = String(decoding: params.first ?? [], as: UTF8.self).lowercased()
        mediaType = type.contains("/") ? type : "text/plain"
        for p in params.dropFirst() {
            guard let eq = p.firstIndex(of: UInt8(ascii: "=")) else { continue }
            let name = String(decoding: p[..<eq], as: UTF8.self).lowercased()
            let raw = ContentType.unquote(p[(eq + 1)...])
            switch name {
            case "boundary": if !raw.isEmpty { boundary = raw }
            case "charset": charset = String(decoding: raw, as: UTF8.self).lowercased()
            default: break
            }
        }
    }

    /// `;`-separated items with surrounding white space trimmed; `;` inside quotes does not split.
    private static func split(_ value: ArraySlice<UInt8>) -> [ArraySlice<UInt8>] {
        var out: [ArraySlice<UInt8>] = []
        var quoted = false
        var start = value.startIndex
        var i = value.startIndex
        while i <= value.endIndex {
            if i == value.endIndex || (value[i] == UInt8(ascii: ";") && !quoted) {
                out.append(trim(value[start..<i]))
                start = i + 1
            } else if value[i] == UInt8(ascii: "\"") {
                quoted.toggle()
            } else if value[i] == UInt8(ascii: "\\"), quoted, i + 1 < value.endIndex {
                i += 1
            }
            i += 1
        }
        return out
    }

    private static func trim(_ s: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var s = s
        while let f = s.first, f == 32 || f == 9 { s = s.dropFirst() }
        while let l = s.last, l == 32 || l == 9 { s = s.dropLast() }
        return s
    }

    private static func unquote(_ s: ArraySlice<UInt8>) -> [UInt8] {
        let t = trim(s)
        guard t.first == UInt8(ascii: "\""), t.count >= 2 else { return Array(t) }
        var out: [UInt8] = []
        var i = t.startIndex + 1
        while i < t.endIndex, t[i] != UInt8(ascii: "\"") {
            if t[i] == UInt8(ascii: "\\"), i + 1 < t.endIndex { i += 1 }
            out.append(t[i])
            i += 1
        }
        return out
    }
}
