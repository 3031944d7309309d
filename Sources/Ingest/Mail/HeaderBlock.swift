/// One message's (or MIME part's) header fields, unfolded, as bytes. Fed line by line; capped so that a
/// message whose header never ends cannot take unbounded memory.
struct HeaderBlock {
    /// One field: ranges into `storage`. The name is kept as written; lookups ignore case.
    struct Field {
        var name: Range<Int>
        var value: Range<Int>
        /// Line (in the file) where the field starts, for messages that point at it.
        var line: Int
    }

    enum LineKind {
        /// The line was a field or the continuation of one.
        case added
        /// Not header syntax: the header block has ended and this line belongs to the body.
        case notHeader
        /// The block grew past `limit`.
        case overflow
    }

    let limit: Int
    private(set) var storage: [UInt8] = []
    private(set) var fields: [Field] = []

    init(limit: Int) { self.limit = limit }

    /// Adds one line (without its line break). Unfolding (RFC 5322 §2.2.3) removes only the line break, so a
    /// continuation's leading white space is kept.
    mutating func add(_ line: UnsafeRawBufferPointer, number: Int) -> LineKind {
        guard storage.count + line.count <= limit else { return .overflow }
        if let first = line.first, first == 32 || first == 9 {
            guard !fields.isEmpty else { return .notHeader }
            storage.append(contentsOf: line)
            fields[fields.count - 1].value = fields[fields.count - 1].value.lowerBound..<storage.count
            return .added
        }
        guard let colon = HeaderBlock.fieldNameEnd(line) else { return .notHeader }
        var nameEnd = colon
        while nameEnd > 0, line[nameEnd - 1] == 32 || line[nameEnd - 1] == 9 { nameEnd -= 1 } // obsolete `Name :`
        var valueStart = colon + 1
        while valueStart < line.count, line[valueStart] == 32 || line[valueStart] == 9 { valueStart += 1 }
        let base = storage.count
        storage.append(contentsOf: line)
        fields.append(Field(name: base..<(base + nameEnd), value: (base + valueStart)..<storage.count, line: number))
        return .added
    }

    /// Index of the colon ending a field name (printable ASCII other than `:`), nil when the line is no field.
    static func fieldNameEnd(_ line: UnsafeRawBufferPointer) -> Int? {
        var i = 0
        while i < line.count {
            let b = line[i]
            if b == UInt8(ascii: ":") { return i > 0 ? i : nil }
            if b == 32 || b == 9 {
                // White space may only sit between the name and the colon.
                var j = i
                while j < line.count, line[j] == 32 || line[j] == 9 { j += 1 }
                return i > 0 && j < line.count && line[j] == UInt8(ascii: ":") ? j : nil
            }
            guard b > 32, b < 127 else { return nil }
            i += 1
        }
        return nil
    }

    func isNamed(_ field: Field, _ name: StaticString) -> Bool {
        let n = name.utf8CodeUnitCount
        guard field.name.count == n else { return false }
        let p = name.utf8Start
        for j in 0..<n where HeaderBlock.lower(storage[field.name.lowerBound + j]) != p[j] { return false }
        return true
    }

    /// Every field called `name` (lowercase), top to bottom.
    func all(_ name: StaticString) -> [Field] { fields.filter { isNamed($0, name) } }

    func first(_ name: StaticString) -> Field? { fields.first { isNamed($0, name) } }

    /// The field's value with surrounding white space trimmed.
    func value(_ field: Field) -> ArraySlice<UInt8> {
        var lo = field.value.lowerBound, hi = field.value.upperBound
        while lo < hi, storage[lo] == 32 || storage[lo] == 9 { lo += 1 }
        while hi > lo, storage[hi - 1] == 32 || storage[hi - 1] == 9 || storage[hi - 1] == 13 { hi -= 1 }
        return storage[lo..<hi]
    }

    func value(_ name: StaticString) -> ArraySlice<UInt8>? { first(name).map { value($0) } }

    @inline(__always) static func lower(_ b: UInt8) -> UInt8 { b >= 65 && b <= 90 ? b | 0x20 : b }
}
