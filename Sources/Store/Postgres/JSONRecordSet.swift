/// Rows as one JSON array of objects, for `json_populate_recordset`: one ordinary statement with one text
/// parameter. The trap writes its rounds this way rather than by COPY: PostgresNIO stops the process (a
/// precondition, "Copy mode is only supported for extended queries") when the server goes away during a
/// COPY, and a trap must outlive a database restart (docs/DEPLOY.md); a statement fails and is tried again.
/// Values are added in `columns`' order, as `CopyText`'s are.
struct JSONRecordSet {
    private let columns: [String]
    private var bytes: [UInt8] = [UInt8(ascii: "[")]
    private var column = 0
    private var rows = 0

    init(columns: [String]) { self.columns = columns }

    /// The array, closed.
    var text: String { String(decoding: bytes + [UInt8(ascii: "]")], as: UTF8.self) }
    mutating func reset() { bytes.removeAll(keepingCapacity: true); bytes.append(UInt8(ascii: "[")); column = 0; rows = 0 }

    private mutating func key() {
        if column == 0 { bytes.append(contentsOf: rows == 0 ? [UInt8(ascii: "{")] : Array(",{".utf8)) } else { bytes.append(UInt8(ascii: ",")) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: columns[column].utf8)
        bytes.append(contentsOf: Array("\":".utf8))
        column += 1
    }

    mutating func text(_ value: String?) {
        key()
        guard let value else { bytes.append(contentsOf: Array("null".utf8)); return }
        bytes.append(UInt8(ascii: "\""))
        let hex = Array("0123456789abcdef".utf8)
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: Array("\\\"".utf8))
            case UInt8(ascii: "\\"): bytes.append(contentsOf: Array("\\\\".utf8))
            case 0: continue    // PostgreSQL text cannot hold NUL (as `CopyText`)
            case 1..<0x20: bytes.append(contentsOf: Array("\\u00".utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 15)]])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    mutating func int(_ value: Int?) {
        guard let value else { text(nil); return }
        key()
        bytes.append(contentsOf: String(value).utf8)
    }

    /// Swift's shortest round-trip digits; a value JSON cannot write (NaN, infinity) is NULL.
    mutating func double(_ value: Double?) {
        guard let value, value.isFinite else { text(nil); return }
        key()
        bytes.append(contentsOf: "\(value)".utf8)
    }

    mutating func endRow() {
        precondition(column == columns.count, "a row of \(column) values for \(columns.count) columns")
        bytes.append(UInt8(ascii: "}"))
        column = 0
        rows += 1
    }
}
