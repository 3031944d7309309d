import BotCensusCore
import Foundation

/// Reading values out of `JSONSerialization` objects, shared by the JSON scan formats.
enum ScanJSON {
    /// Parses one JSON object from bytes; the error names what is wrong in a few words.
    static func object(_ bytes: UnsafeRawBufferPointer) throws -> [String: Any] {
        let value: Any
        do {
            value = try JSONSerialization.jsonObject(with: Data(bytes), options: [])
        } catch {
            let text = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)"
            throw LineError("not valid JSON (\(String(text.prefix(100))))")
        }
        guard let object = value as? [String: Any] else { throw LineError("JSON value is not an object") }
        return object
    }

    static func int(_ value: Any?) -> Int? {
        if let n = value as? NSNumber {
            let d = n.doubleValue
            return d == d.rounded() && abs(d) < 1e15 ? n.intValue : nil
        }
        if let s = value as? String { return Int(s) }
        return nil
    }

    static func string(_ value: Any?) -> String? {
        if let s = value as? String { return s }
        if let n = value as? NSNumber { return n.stringValue }
        return nil
    }

    /// A string, or the first string of an array (HTTP headers are arrays in Censys and zgrab2).
    static func firstString(_ value: Any?) -> String? {
        if let s = value as? String { return s }
        return (value as? [Any])?.first as? String
    }

    /// `object.a.b.c` for nested objects.
    static func path(_ object: [String: Any], _ keys: String...) -> Any? {
        var current: Any? = object
        for key in keys { current = (current as? [String: Any])?[key] }
        return current
    }

    /// Port numbers 0–65535, nil otherwise.
    static func port(_ value: Any?) -> Int? {
        guard let p = int(value), (0...65535).contains(p) else { return nil }
        return p
    }
}

/// Times as scan tools write them.
enum ScanTime {
    /// RFC 3339, or the same without a zone, which Shodan writes for UTC (`2026-01-06T09:00:00.123456`).
    static func isoUTC(_ text: String) -> Timestamp? {
        if let t = TimeParsing.rfc3339(text) { return t }
        guard !text.hasSuffix("Z"), text.count >= 19 else { return nil }
        return TimeParsing.rfc3339(text + "Z")
    }

    /// Seconds since the epoch written as decimal text (masscan, Nmap): `1700000000`.
    static func unixSeconds(_ text: String) -> Timestamp? {
        guard let n = Int(text), n >= 0, n < 1 << 40 else { return nil }
        return Timestamp(n)
    }
}
