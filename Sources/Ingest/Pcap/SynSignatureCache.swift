import BotCensusCore

/// p0f-notation signatures of observed SYNs, remembered by everything the notation depends on: a capture
/// holds thousands of SYNs from a few dozen stacks, and writing then parsing the notation costs more than
/// reading the packet. The own timestamp (ts1) matters to the notation only as zero or not, so it is
/// folded to that before the lookup. Bounded: the cache starts over when full.
struct SynSignatureCache {
    private var known: [P0fObservedSyn: TCPSignature] = [:]
    let limit: Int

    init(limit: Int = 4096) { self.limit = limit }

    mutating func signature(of observed: P0fObservedSyn) throws -> TCPSignature {
        var key = observed
        key.ts1 = observed.ts1 == 0 ? 0 : 1
        key.tos = 0     // printed in p0f's params, not in raw_sig
        if let hit = known[key] { return hit }
        let signature = try TCPSignature(parsing: observed.rawSignature)
        if known.count >= limit { known.removeAll(keepingCapacity: true) }
        known[key] = signature
        return signature
    }
}
