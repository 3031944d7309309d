import BotCensusCore

/// Where each result field `RecogIdentity` reads comes from for one fingerprint, worked out once at load:
/// a fixed value, a capture group, or nothing. A match then gives its identity without building Recog's
/// result dictionary (which was most of a new banner's cost); when no field it reads is captured, the
/// identity itself is worked out once. Fingerprints whose values interpolate `{field}` have no plan and
/// take the dictionary path.
struct RecogIdentityPlan: Sendable {
    enum Source: Sendable {
        case absent
        case fixed(String)
        case group(Int)
    }

    /// The result fields the identity reads, in `RecogIdentity.Field` order.
    private let sources: [Source]
    /// The identity when no field it reads is captured.
    private let constant: DeviceIdentity?
    private let signature: String
    private let key: String

    init?(_ fp: RecogFingerprint, signature: String, key: String) {
        if fp.params.contains(where: { $0.position == 0 && $0.value.utf8.contains(UInt8(ascii: "{")) }) { return nil }
        // As `RecogFingerprint.result` applies params: in order, so the last param of a name decides it.
        var sources = [Source](repeating: .absent, count: RecogIdentity.Field.allCases.count)
        for p in fp.params {
            guard let field = RecogIdentity.Field(name: p.name) else { continue }
            sources[field.index] = p.position == 0 ? .fixed(p.value) : .group(p.position)
        }
        self.sources = sources; self.signature = signature; self.key = key
        let captured = sources.contains { if case .group = $0 { return true } else { return false } }
        constant = captured ? nil : RecogIdentity.identity(signature: signature, key: key) { field in
            if case .fixed(let v) = sources[field.index] { return v } else { return nil }
        }
    }

    /// The identity for a match whose capture groups are in `scratch` (from `pattern`'s last match).
    func identity(subject: UnsafeRawBufferPointer, pattern: PCRE2Pattern, scratch: PCRE2Pattern.Scratch) -> DeviceIdentity {
        if let constant { return constant }
        return RecogIdentity.identity(signature: signature, key: key) { field in
            switch sources[field.index] {
            case .absent: return nil
            case .fixed(let v): return v
            case .group(let g): return pattern.group(g, scratch).map { RecogText.decode(subject[$0]) }
            }
        }
    }
}
