import BotCensusCore
import Foundation

/// One Recog `<fingerprint>`: a Ruby regex (translated for PCRE2), its params and examples.
public struct RecogFingerprint: Sendable {
    public struct Param: Sendable {
        public var position: Int
        public var name: String
        public var value: String
    }

    public struct Example: Sendable {
        /// The input bytes: the element's text untrimmed, or base64-decoded when `_encoding="base64"`.
        public var input: [UInt8]
        /// Expected result fields (the example's attributes, those starting with `_` excluded).
        public var expected: [String: String]
    }

    public var description: String
    /// Ruby matches UTF-8 text by characters and binary strings by bytes, so each pattern is compiled twice.
    public var textPattern: PCRE2Pattern
    public var binaryPattern: PCRE2Pattern
    public var params: [Param]
    public var examples: [Example]
    /// Line of the `<fingerprint>` element in its file.
    public var line: Int

    /// Match with Ruby's semantics for this subject: characters when it is valid UTF-8, else bytes.
    public func match(_ subject: UnsafeRawBufferPointer, isText: Bool, scratch: PCRE2Pattern.Scratch) -> [Range<Int>?]? {
        (isText ? textPattern : binaryPattern).match(subject, scratch: scratch)
    }

    @inline(__always)
    func pattern(isText: Bool) -> PCRE2Pattern { isText ? textPattern : binaryPattern }

    /// Recog's result for a match: static params (with `{field}` interpolation), capture params,
    /// `service.protocol` from the file, `matched`, `fingerprint_db`; `_tmp.*` fields dropped.
    func result(subject: UnsafeRawBufferPointer, groups: [Range<Int>?], protocol proto: String?, key: String) -> [String: String] {
        var result: [String: String] = ["matched": description]
        var interpolated: [String] = []
        for p in params {
            if p.position == 0 {
                result[p.name] = p.value
                if p.value.utf8.contains(UInt8(ascii: "{")) { interpolated.append(p.name) }
            } else if p.position < groups.count, let range = groups[p.position] {
                result[p.name] = RecogText.decode(subject[range])
            } else {
                result.removeValue(forKey: p.name)
            }
        }
        if let proto, result["service.protocol"] == nil { result["service.protocol"] = proto }
        result["fingerprint_db"] = key
        for name in interpolated {
            result[name] = RecogFingerprint.interpolate(result[name]!, key: name, fields: result)
        }
        // Only params can add `_tmp.` keys; most fingerprints have none, so the keys need no scan.
        if params.contains(where: { $0.name.utf8.starts(with: "_tmp.".utf8) }) {
            for name in result.keys where name.hasPrefix("_tmp.") { result.removeValue(forKey: name) }
        }
        return result
    }

    /// Replaces `{field}`; an unset field inside a `*.cpe23` value's version part becomes `-` (the CPE
    /// convention), any other unset field is left empty.
    static func interpolate(_ value: String, key: String, fields: [String: String]) -> String {
        var out = ""
        var rest = Substring(value)
        while let open = rest.firstIndex(of: "{") {
            guard let close = rest[open...].firstIndex(of: "}") else { break }
            let name = String(rest[rest.index(after: open)..<close])
            guard !name.isEmpty, !name.contains(where: { $0 == " " || $0 == "{" }) else {
                out += rest[...open]; rest = rest[rest.index(after: open)...]; continue
            }
            out += rest[..<open]
            if let v = fields[name] { out += v } else if key.hasSuffix(".cpe23") && name.hasSuffix(".version") { out += "-" }
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }
}

/// Recog inputs are bytes; captures become text as UTF-8 when valid, else Latin-1, so no byte is lost.
public enum RecogText {
    static func isUTF8(_ bytes: UnsafeRawBufferPointer) -> Bool {
        // ASCII is by far the common case; only look closer when a high byte appears.
        if !bytes.contains(where: { $0 >= 0x80 }) { return true }
        return String(validating: bytes, as: UTF8.self) != nil
    }

    public static func decode<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        if let s = String(validating: Array(bytes), as: UTF8.self) { return s }
        return String(bytes.map { Character(Unicode.Scalar($0)) })
    }
}
