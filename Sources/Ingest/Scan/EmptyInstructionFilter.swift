/// Drops XML processing instructions that carry no data (`<?x?>`, `<?x ?>`) from the bytes handed to
/// Foundation's XMLParser: swift-corelibs-foundation dereferences the missing data and crashes the process
/// (found by fuzzing the nmap-xml format). Such an instruction means nothing to any format we read.
/// Bytes that may open one are held back until it is clear what they are; at most `limit` are held.
struct EmptyInstructionFilter {
    private var held: [UInt8] = []
    static let limit = 64

    /// How many bytes may come out of the next `filter` call beyond those given (the held ones).
    var heldCount: Int { held.count }

    /// The bytes safe to hand on now; what may still be an empty instruction is kept for the next call.
    mutating func filter(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + held.count)
        for b in bytes {
            if held.isEmpty {
                if b == UInt8(ascii: "<") { held.append(b) } else { out.append(b) }
                continue
            }
            held.append(b)
            switch decide() {
            case .undecided: continue
            case .keep: out.append(contentsOf: held); held.removeAll(keepingCapacity: true)
            case .drop: held.removeAll(keepingCapacity: true)
            }
            // A `<` that ended a kept run may open the next one.
            if out.last == UInt8(ascii: "<") { out.removeLast(); held.append(UInt8(ascii: "<")) }
        }
        return out
    }

    /// What is held at the end of the input goes out as it is.
    mutating func finish() -> [UInt8] {
        defer { held.removeAll() }
        return held
    }

    private enum Decision { case undecided, keep, drop }

    /// `held` starts with `<`: is it `<?` NAME SPACES* `?>` (drop), surely something else (keep), or not yet known?
    private func decide() -> Decision {
        if held.count == 2 { return held[1] == UInt8(ascii: "?") ? .undecided : .keep }
        if held.count > Self.limit { return .keep }
        var i = 2
        while i < held.count, isNameByte(held[i]) { i += 1 }
        if i == held.count { return .undecided }
        if i == 2 { return .keep }                    // `<?` then no name: not ours to judge
        while i < held.count, held[i] == 32 || held[i] == 9 || held[i] == 10 || held[i] == 13 { i += 1 }
        if i == held.count { return .undecided }
        guard held[i] == UInt8(ascii: "?") else { return .keep }   // data follows: a real instruction
        if i + 1 == held.count { return .undecided }
        return held[i + 1] == UInt8(ascii: ">") ? .drop : .keep
    }

    private func isNameByte(_ b: UInt8) -> Bool {
        (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39) || b == 0x2D || b == 0x2E
            || b == 0x5F || b == 0x3A || b >= 0x80
    }
}
