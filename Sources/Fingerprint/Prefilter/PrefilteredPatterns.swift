/// An ordered list of patterns with a literal prefilter: one Aho–Corasick scan of the (lowercased) input
/// finds which patterns can possibly match, and only those run, still in list order, so "first match in
/// order wins" is kept exactly. Patterns without a usable literal always run.
public struct PrefilteredPatterns: Sendable {
    public let count: Int
    private let automaton: AhoCorasick
    /// keyword id → indices of patterns that need it, flattened like the automaton's outputs.
    private let ownerStart: [Int32]
    private let ownerIDs: [Int32]
    /// Patterns with no required literal, ascending.
    private let unconditional: [Int32]

    /// Per-caller state so a query allocates nothing: an epoch-stamped "seen" mark per pattern.
    public final class Scratch {
        var seen: [UInt32]
        var epoch: UInt32 = 0
        var candidates: [Int32] = []
        init(count: Int) { seen = [UInt32](repeating: 0, count: count) }
    }

    public init(patterns: [String]) {
        count = patterns.count
        var keywords: [[UInt8]] = []
        var keywordIndex: [[UInt8]: Int] = [:]
        var owners: [[Int32]] = []
        var always: [Int32] = []
        for (i, p) in patterns.enumerated() {
            guard let literals = RequiredLiterals.of(p), !literals.isEmpty else { always.append(Int32(i)); continue }
            for literal in literals {
                let id: Int
                if let existing = keywordIndex[literal] { id = existing } else {
                    id = keywords.count
                    keywordIndex[literal] = id
                    keywords.append(literal)
                    owners.append([])
                }
                owners[id].append(Int32(i))
            }
        }
        automaton = AhoCorasick(keywords: keywords)
        var starts: [Int32] = [0]
        var ids: [Int32] = []
        for o in owners { ids += o; starts.append(Int32(ids.count)) }
        ownerStart = starts
        ownerIDs = ids
        unconditional = always
    }

    public var unconditionalCount: Int { unconditional.count }

    public func makeScratch() -> Scratch { Scratch(count: count) }

    /// Indices of the patterns that may match `text`, ascending, without a scratch: for callers that match
    /// one banner at a time, where allocating a mark per pattern would cost more than it saves.
    public func candidates(_ text: UnsafeRawBufferPointer) -> [Int32] {
        var found = unconditional
        ownerStart.withUnsafeBufferPointer { starts in
            ownerIDs.withUnsafeBufferPointer { owners in
                automaton.scan(text, lowercase: true) { keyword in
                    for k in Int(starts[Int(keyword)])..<Int(starts[Int(keyword) + 1]) { found.append(owners[k]) }
                }
            }
        }
        found.sort()
        var unique = 0
        for x in found where unique == 0 || found[unique - 1] != x { found[unique] = x; unique += 1 }
        found.removeLast(found.count - unique)
        return found
    }

    /// Indices of the patterns that may match `text`, ascending.
    public func candidates(_ text: UnsafeRawBufferPointer, scratch: Scratch) -> ArraySlice<Int32> {
        scratch.epoch &+= 1
        if scratch.epoch == 0 { for i in scratch.seen.indices { scratch.seen[i] = 0 }; scratch.epoch = 1 }
        let epoch = scratch.epoch
        scratch.candidates.removeAll(keepingCapacity: true)
        scratch.candidates.append(contentsOf: unconditional)
        for i in unconditional { scratch.seen[Int(i)] = epoch }
        ownerStart.withUnsafeBufferPointer { starts in
            ownerIDs.withUnsafeBufferPointer { owners in
                scratch.seen.withUnsafeMutableBufferPointer { seen in
                    automaton.scan(text, lowercase: true) { keyword in
                        for k in Int(starts[Int(keyword)])..<Int(starts[Int(keyword) + 1]) {
                            let p = Int(owners[k])
                            if seen[p] != epoch { seen[p] = epoch; scratch.candidates.append(Int32(p)) }
                        }
                    }
                }
            }
        }
        scratch.candidates.sort()
        return scratch.candidates[...]
    }
}
