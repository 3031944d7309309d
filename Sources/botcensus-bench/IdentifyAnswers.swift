import Foundation

/// Reads the answers the timed runs wrote, to tell whether botcensus and the peer said the same thing.
/// Plain byte scanning: the files hold hundreds of thousands of lines.
enum IdentifyAnswers {
    /// Each line of a file, without its newline.
    static func forEachLine(_ path: String, _ body: (ArraySlice<UInt8>) -> Void) throws {
        guard let data = FileManager.default.contents(atPath: path) else { throw BenchError("\(path): cannot read") }
        let bytes = [UInt8](data)
        var start = 0
        for i in bytes.indices where bytes[i] == 10 {
            body(bytes[start..<i])
            start = i + 1
        }
        if start < bytes.count { body(bytes[start...]) }
    }

    /// The value of `"key":` in one JSON line written by botcensus: a string, `null` (nil), or the raw
    /// text of another value (`true`, a number).
    static func value(_ key: String, in line: ArraySlice<UInt8>) -> String? {
        let needle = Array("\"\(key)\":".utf8)
        guard let at = find(needle, in: line) else { return nil }
        var i = at + needle.count
        guard i < line.endIndex else { return nil }
        if line[i] != UInt8(ascii: "\"") {
            var end = i
            while end < line.endIndex, line[end] != UInt8(ascii: ","), line[end] != UInt8(ascii: "}") { end += 1 }
            let raw = String(decoding: line[i..<end], as: UTF8.self)
            return raw == "null" ? nil : raw
        }
        i += 1
        var out: [UInt8] = []
        while i < line.endIndex, line[i] != UInt8(ascii: "\"") {
            if line[i] == 0x5C, i + 1 < line.endIndex {
                i += 1
                switch line[i] {
                case UInt8(ascii: "n"): out.append(10)
                case UInt8(ascii: "r"): out.append(13)
                case UInt8(ascii: "t"): out.append(9)
                case UInt8(ascii: "u") where i + 4 < line.endIndex:
                    let code = UInt32(String(decoding: line[(i + 1)...(i + 4)], as: UTF8.self), radix: 16) ?? 0xFFFD
                    out.append(contentsOf: String(Character(Unicode.Scalar(code) ?? "\u{FFFD}")).utf8)
                    i += 4
                default: out.append(line[i])
                }
            } else {
                out.append(line[i])
            }
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func find(_ needle: [UInt8], in line: ArraySlice<UInt8>) -> Int? {
        guard line.count >= needle.count else { return nil }
        var i = line.startIndex
        while i <= line.endIndex - needle.count {
            if line[i] == needle[0] && line[i..<(i + needle.count)].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }

    /// `identify syn --format jsonl`: SYNs per label (`???` for none), retransmissions left out as p0f
    /// reports a flow's SYN once.
    static func synLabels(_ path: String) throws -> [String: Int] {
        var counts: [String: Int] = [:]
        try forEachLine(path) { line in
            guard !line.isEmpty, value("retransmission", in: line) == "false" else { return }
            counts[value("label", in: line) ?? "???", default: 0] += 1
        }
        return counts
    }

    /// A p0f 3.09b log (`-o`): client SYNs per `os=`/`app=` label (`mod=syn`, and `mod=sendsyn probe`).
    /// A line is `[TIME] mod=syn|cli=…|srv=…|subj=cli|os=…|dist=…|params=…|raw_sig=…`.
    static func p0fLabels(_ path: String) throws -> [String: Int] {
        var counts: [String: Int] = [:]
        try forEachLine(path) { raw in
            let line = String(decoding: raw, as: UTF8.self)
            guard let close = line.range(of: "] ") else { return }
            var fields: [Substring: Substring] = [:]
            for part in line[close.upperBound...].split(separator: "|") {
                guard let eq = part.firstIndex(of: "=") else { continue }
                fields[part[..<eq]] = part[part.index(after: eq)...]
            }
            guard fields["mod"] == "syn" || fields["mod"] == "sendsyn probe", fields["subj"] == "cli" else { return }
            counts[String(fields["os"] ?? fields["app"] ?? "???"), default: 0] += 1
        }
        return counts
    }

    /// `identify --format jsonl` over banners: per line, the matched Recog fingerprint's description (the
    /// `signature` value less its `FILE:LINE ` prefix), "" when nothing matched.
    static func bannerDescriptions(_ path: String) throws -> [String] {
        var out: [String] = []
        try forEachLine(path) { line in
            guard !line.isEmpty else { return }
            guard let signature = value("signature", in: line) else { out.append(""); return }
            out.append(signature.firstIndex(of: " ").map { String(signature[signature.index(after: $0)...]) } ?? signature)
        }
        return out
    }

    /// The Ruby peer's output: one description per line, "" for no match.
    static func lines(_ path: String) throws -> [String] {
        var out: [String] = []
        try forEachLine(path) { out.append(String(decoding: $0, as: UTF8.self)) }
        return out
    }
}
