import BotCensusCore

/// The distinct stacks (signature, p0f label, parameters) of a read's SYNs, looked up by the column bytes as
/// the database gives them: a case holds a few hundred stacks for 800,000 SYNs, and making three `String`s
/// per SYN only to find its stack cost more than SQLite's work for the row.
struct SynStackTable {
    private struct Entry { var raw: [UInt8]; var label: [UInt8]?; var params: [UInt8]?; var stack: SynStack }
    private var byHash: [Int: [Entry]] = [:]

    /// The stack of these column bytes (nil: NULL), parsed the first time it is met; `id` names the row in the
    /// error of a signature that does not parse.
    mutating func stack(raw: UnsafeBufferPointer<UInt8>, label: UnsafeBufferPointer<UInt8>?, params: UnsafeBufferPointer<UInt8>?,
                        id: Int64) throws -> SynStack {
        var hasher = Hasher()
        hasher.combine(bytes: UnsafeRawBufferPointer(raw))
        for part in [label, params] {
            // A NULL and an empty text are different stacks: each part says which it is before its bytes.
            hasher.combine(part == nil)
            if let part { hasher.combine(part.count); hasher.combine(bytes: UnsafeRawBufferPointer(part)) }
        }
        let key = hasher.finalize()
        func same(_ kept: [UInt8]?, _ bytes: UnsafeBufferPointer<UInt8>?) -> Bool {
            guard let kept, let bytes else { return kept == nil && bytes == nil }
            return kept.elementsEqual(bytes)
        }
        if let entry = byHash[key]?.first(where: { $0.raw.elementsEqual(raw) && same($0.label, label) && same($0.params, params) }) {
            return entry.stack
        }
        let rawText = String(decoding: raw, as: UTF8.self)
        let signature: TCPSignature
        do { signature = try TCPSignature(parsing: rawText) } catch {
            throw CaseStore.CorruptRow(table: "syns", id: id, reason: "\(error)")
        }
        let stack = SynStack(signature: signature, osLabel: label.map { String(decoding: $0, as: UTF8.self) },
                             params: params.map { String(decoding: $0, as: UTF8.self) })
        byHash[key, default: []].append(Entry(raw: Array(raw), label: label.map(Array.init), params: params.map(Array.init), stack: stack))
        return stack
    }

    /// The same from texts (PostgreSQL's rows).
    mutating func stack(raw: String, label: String?, params: String?, id: Int64) throws -> SynStack {
        var raw = raw, label = label, params = params
        return try raw.withUTF8 { r in
            try Self.withOptionalUTF8(&label) { l in
                try Self.withOptionalUTF8(&params) { p in try stack(raw: r, label: l, params: p, id: id) }
            }
        }
    }

    private static func withOptionalUTF8<R>(_ text: inout String?, _ body: (UnsafeBufferPointer<UInt8>?) throws -> R) rethrows -> R {
        guard text != nil else { return try body(nil) }
        return try text!.withUTF8 { try body($0) }
    }
}
