import BotCensusCore
import Foundation

/// A JSON value with its object keys in the order they were added, so output reads as zgrab2's does
/// (status, protocol, result, timestamp). Banner text from the network is arbitrary bytes: strings are built
/// with invalid UTF-8 repaired, and escaped by `JSONLine`'s quoting.
public indirect enum ProbeJSON: Sendable, Equatable {
    case string(String)
    case int(Int)
    case double(Double)
    case bool(Bool)
    case null
    case array([ProbeJSON])
    case object([(String, ProbeJSON)])

    public static func == (a: ProbeJSON, b: ProbeJSON) -> Bool { a.text == b.text }

    /// Bytes from the network as a JSON string (invalid UTF-8 becomes U+FFFD).
    public static func bytes<C: Collection<UInt8>>(_ bytes: C) -> ProbeJSON { .string(String(decoding: Array(bytes), as: UTF8.self)) }

    public subscript(key: String) -> ProbeJSON? {
        guard case .object(let pairs) = self else { return nil }
        return pairs.first { $0.0 == key }?.1
    }

    public var stringValue: String? { if case .string(let s) = self { return s } else { return nil } }

    public var text: String {
        var line = JSONLine(capacity: 256)
        write(&line)
        return String(decoding: line.bytes, as: UTF8.self)
    }

    func write(_ line: inout JSONLine) {
        switch self {
        case .string(let s): line.appendQuoted(s)
        case .int(let n): line.appendRaw(String(n))
        case .double(let d): line.appendRaw(d.isFinite ? String(d) : "null")
        case .bool(let b): line.appendRaw(b ? "true" : "false")
        case .null: line.appendRaw("null")
        case .array(let items):
            line.appendRaw("[")
            for (i, item) in items.enumerated() {
                if i > 0 { line.appendRaw(",") }
                item.write(&line)
            }
            line.appendRaw("]")
        case .object(let pairs):
            line.appendRaw("{")
            for (i, (key, value)) in pairs.enumerated() {
                if i > 0 { line.appendRaw(",") }
                line.appendQuoted(key)
                line.appendRaw(":")
                value.write(&line)
            }
            line.appendRaw("}")
        }
    }
}

extension ProbeJSON {
    /// The value as JSONSerialization would have read it (for readers written against Foundation's form).
    public var foundationObject: Any {
        switch self {
        case .string(let s): return s
        case .int(let n): return NSNumber(value: n)
        case .double(let d): return NSNumber(value: d)
        case .bool(let b): return NSNumber(value: b)
        case .null: return NSNull()
        case .array(let items): return items.map(\.foundationObject)
        case .object(let pairs): return Dictionary(pairs.map { ($0.0, $0.1.foundationObject) }, uniquingKeysWith: { first, _ in first })
        }
    }
}
