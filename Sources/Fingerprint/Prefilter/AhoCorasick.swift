/// Multi-pattern substring search (Aho–Corasick) over bytes, as a dense DFA on byte classes: bytes that
/// occur in no keyword share one class, so the table stays small while each input byte costs one lookup.
public struct AhoCorasick: Sendable {
    private let classOf: [UInt8]          // byte → class
    private let classCount: Int
    private let next: [Int32]             // state * classCount + class → state
    // state → keyword ids ending here (failure chain included), flattened: ids in
    // outputIDs[outputStart[state] ..< outputStart[state + 1]]. Flat arrays avoid per-state retains.
    private let outputStart: [Int32]
    private let outputIDs: [Int32]
    public let keywordCount: Int

    public init(keywords: [[UInt8]]) {
        keywordCount = keywords.count
        var classes = [UInt8](repeating: 0, count: 256)
        var count = 1
        for k in keywords { for b in k where classes[Int(b)] == 0 { classes[Int(b)] = UInt8(count); count += 1 } }
        precondition(count <= 256, "more than 255 distinct keyword bytes")
        classOf = classes
        classCount = count

        // Trie.
        var trie: [[Int32]] = [[Int32](repeating: -1, count: count)]
        var out: [[Int32]] = [[]]
        for (id, k) in keywords.enumerated() {
            var s = 0
            for b in k {
                let c = Int(classes[Int(b)])
                if trie[s][c] < 0 {
                    trie[s][c] = Int32(trie.count)
                    trie.append([Int32](repeating: -1, count: count))
                    out.append([])
                }
                s = Int(trie[s][c])
            }
            out[s].append(Int32(id))
        }
        // Breadth-first failure links, folded into a complete transition table.
        var fail = [Int](repeating: 0, count: trie.count)
        var table = [Int32](repeating: 0, count: trie.count * count)
        var queue: [Int] = []
        for c in 0..<count {
            let t = trie[0][c]
            if t >= 0 { table[c] = t; queue.append(Int(t)); fail[Int(t)] = 0 } else { table[c] = 0 }
        }
        var head = 0
        while head < queue.count {
            let s = queue[head]; head += 1
            out[s] += out[fail[s]]
            for c in 0..<count {
                let t = trie[s][c]
                if t >= 0 {
                    fail[Int(t)] = Int(table[fail[s] * count + c])
                    table[s * count + c] = t
                    queue.append(Int(t))
                } else {
                    table[s * count + c] = table[fail[s] * count + c]
                }
            }
        }
        next = table
        var starts: [Int32] = [0]
        var ids: [Int32] = []
        for o in out { ids += o; starts.append(Int32(ids.count)) }
        outputStart = starts
        outputIDs = ids
    }

    /// Calls `found` with the id of every keyword occurrence in `text` (ids may repeat).
    @inline(__always)
    public func scan(_ text: UnsafeRawBufferPointer, lowercase: Bool, _ found: (Int32) -> Void) {
        var s = 0
        let width = classCount
        classOf.withUnsafeBufferPointer { classes in
            next.withUnsafeBufferPointer { table in
                outputStart.withUnsafeBufferPointer { starts in
                    outputIDs.withUnsafeBufferPointer { ids in
                        for var b in text {
                            if lowercase && b >= 65 && b <= 90 { b += 32 }
                            s = Int(table[s &* width &+ Int(classes[Int(b)])])
                            var k = Int(starts[s])
                            let end = Int(starts[s + 1])
                            while k < end { found(ids[k]); k += 1 }
                        }
                    }
                }
            }
        }
    }
}
