/// Small byte helpers of the MTA parsers (a namespace, so other format families can have their own).
enum MTABytes {
    /// True when `range` of `line` holds exactly `literal`.
    static func equals(_ line: ByteLine, _ range: Range<Int>, _ literal: StaticString) -> Bool {
        range.count == literal.utf8CodeUnitCount && line.matches(literal, at: range.lowerBound)
    }

    /// Last occurrence of `needle`: a field the MTA writes after attacker-controlled ones is found from the end.
    static func findLast(_ line: ByteLine, _ needle: StaticString) -> Int? {
        var found: Int?
        var from = 0
        while let i = line.find(needle, from: from) { found = i; from = i + 1 }
        return found
    }

    /// ASCII letters and digits: queue ids and message ids are made of them.
    static func isAlphanumeric(_ b: UInt8) -> Bool {
        (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122)
    }
}
