/// `export … --format csv`: each export line (one JSON object, keys in a known order) becomes one CSV record
/// with a column per key. Read on bytes, not through a JSON decoder, so values keep their exact JSON text:
/// a number stays the digits the line had, a nested array or object is copied as its compact JSON text into
/// one field, a string is unescaped to its UTF-8 bytes, and `null` is an empty field.
public struct JSONLineCSV {
    public let columns: [String]
    private let keys: [[UInt8]]
    private var record: [UInt8] = []
    private var text: [UInt8] = []
    private var lineNumber = 0

    public init(columns: [String]) {
        self.columns = columns
        keys = columns.map { Array($0.utf8) }
    }

    /// The header record: the column names.
    public var header: [UInt8] { CSVField.record(columns) }

    /// The CSV record of one JSON line, lent to `body`. A line whose keys are not the columns, in order, is
    /// an error naming the line and the key (the columns would no longer say what the fields are).
    public mutating func convert(_ line: UnsafeBufferPointer<UInt8>, _ body: ([UInt8]) throws -> Void) throws {
        lineNumber += 1
        record.removeAll(keepingCapacity: true)
        var s = JSONScanner(bytes: line, line: lineNumber)
        try s.expect(UInt8(ascii: "{"))
        for (index, key) in keys.enumerated() {
            if index > 0 { try s.expect(UInt8(ascii: ",")); record.append(CSVField.comma) }
            text.removeAll(keepingCapacity: true)
            try s.string(into: &text)
            guard text == key else { throw s.error("key '\(String(decoding: text, as: UTF8.self))' where '\(columns[index])' belongs") }
            try s.expect(UInt8(ascii: ":"))
            try value(&s)
        }
        if s.peek() == UInt8(ascii: ",") { throw s.error("more keys than the \(columns.count) columns") }
        try s.expect(UInt8(ascii: "}"))
        try s.expectEnd()
        record.append(contentsOf: CSVField.recordEnd)
        try body(record)
    }

    private mutating func value(_ s: inout JSONScanner) throws {
        switch s.peek() {
        case UInt8(ascii: "\""):
            text.removeAll(keepingCapacity: true)
            try s.string(into: &text)
            CSVField.append(text, to: &record)
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            CSVField.append(try s.nested(), to: &record)
        default:
            let literal = try s.literal()
            // `null` is the empty field; numbers, true and false keep their JSON text.
            if !literal.elementsEqual("null".utf8) { CSVField.append(literal, to: &record) }
        }
    }
}

/// The error of a line the CSV writer cannot convert.
public struct CSVExportError: Error, CustomStringConvertible {
    public var description: String
}
