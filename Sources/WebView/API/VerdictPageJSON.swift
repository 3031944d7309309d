import BotCensusCore

/// One page of verdicts as the API answers it: `{"items":[…],"limit":…,"next_offset":…,"offset":…,"total":…}`,
/// each item the verdict contract exactly as `export verdicts` writes it (`Verdict.writeJSON`).
enum VerdictPageJSON {
    static func render(_ matching: [Verdict], query: VerdictQuery) -> [UInt8] {
        let page = matching.dropFirst(query.offset).prefix(query.limit)
        var out: [UInt8] = Array(#"{"items":["#.utf8)
        var line = JSONLine(capacity: 2048)
        for (i, v) in page.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            v.writeJSON(into: &line)
            line.withBytes { out.append(contentsOf: $0.dropLast()) }   // without the line's newline
        }
        let next = query.offset + query.limit < matching.count ? String(query.offset + query.limit) : "null"
        out += Array(#"],"limit":\#(query.limit),"next_offset":\#(next),"offset":\#(query.offset),"total":\#(matching.count)}"#.utf8)
        out.append(10)
        return out
    }
}
