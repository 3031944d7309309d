import BotCensusCore

/// Splits a JSON text into its top-level objects without holding more than one: a single pretty-printed
/// document, several documents one after another, or one array of them (`censys search` writes one).
/// Only strings, escapes and nesting are tracked; each object is then parsed by JSONSerialization.
/// The file is read through `LineReader`, so lines are counted and the file hashed on the way.
struct JSONObjectStream {
    let file: FileFacts
    /// An object larger than this is refused instead of growing memory without bound.
    var maxObjectBytes = 64 << 20

    /// Calls `object` with each top-level object's bytes and the line it starts on, `bad` with each place
    /// where the text is not a sequence of objects. Returns the file's SHA-256 and its number of lines.
    func forEachObject(_ object: (UnsafeRawBufferPointer, Int) throws -> Void,
                       bad: (Int, String) throws -> Void) throws -> (sha256: String, lines: Int) {
        var buffer: [UInt8] = []
        var collecting = false
        var startLine = 0
        var depth = 0
        var base = 0                 // 1 inside a top-level array
        var seenValue = false
        var inString = false
        var escaped = false
        var lines = 0
        var oversized = false
        let sha = try LineReader(file: file).forEachLine { line, number in
            lines = number
            var reportedHere = false
            for i in 0..<line.count {
                let b = line[i]
                if inString {
                    if collecting { buffer.append(b) }
                    if escaped { escaped = false } else if b == UInt8(ascii: "\\") { escaped = true } else if b == UInt8(ascii: "\"") { inString = false }
                    continue
                }
                switch b {
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    if depth == 0 && !seenValue && b == UInt8(ascii: "[") {
                        base = 1
                    } else if depth == base && !collecting {
                        guard b == UInt8(ascii: "{") else {
                            if !reportedHere { try bad(number, "expected a JSON object, found '['"); reportedHere = true }
                            depth += 1
                            continue
                        }
                        collecting = true; startLine = number; buffer.removeAll(keepingCapacity: true); oversized = false
                    }
                    seenValue = true
                    depth += 1
                    if collecting { buffer.append(b) }
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth < 0 {
                        if !reportedHere { try bad(number, "unbalanced '\(Character(Unicode.Scalar(b)))'"); reportedHere = true }
                        depth = 0
                        continue
                    }
                    if collecting {
                        buffer.append(b)
                        if depth == base {
                            collecting = false
                            if oversized {
                                try bad(startLine, "JSON object larger than \(maxObjectBytes >> 20) MiB")
                            } else {
                                try buffer.withUnsafeBytes { try object($0, startLine) }
                            }
                        }
                    } else if depth == 0 && base == 1 {
                        base = 0         // the top-level array closed
                    }
                case UInt8(ascii: "\""):
                    inString = true
                    if collecting { buffer.append(b) } else if !reportedHere {
                        try bad(number, "a string outside any JSON object"); reportedHere = true
                    }
                case 32, 9, 13:
                    if collecting { buffer.append(b) }
                case UInt8(ascii: ",") where !collecting && depth == base && base == 1:
                    break
                default:
                    if collecting {
                        buffer.append(b)
                    } else if !reportedHere {
                        try bad(number, "unexpected '\(TerminalText.escape(String(decoding: [b], as: UTF8.self)))' outside any JSON object")
                        reportedHere = true
                    }
                }
                if collecting && buffer.count > maxObjectBytes {
                    oversized = true
                    buffer.removeAll(keepingCapacity: false)
                }
            }
            if collecting { buffer.append(10) }
        }
        if collecting { try bad(startLine, "JSON object starting here is not closed at the end of the file") }
        return (sha, lines)
    }

    /// True when `line` is one whole JSON object (a JSON Lines file rather than a pretty-printed document).
    static func isCompleteObject(_ line: [UInt8]) -> Bool {
        guard line.first == UInt8(ascii: "{") else { return false }
        var depth = 0
        var inString = false
        var escaped = false
        for (i, b) in line.enumerated() {
            if inString {
                if escaped { escaped = false } else if b == UInt8(ascii: "\\") { escaped = true } else if b == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch b {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                if depth == 0 { return line[(i + 1)...].allSatisfy { $0 == 32 || $0 == 9 || $0 == UInt8(ascii: ",") } }
            default: break
            }
        }
        return false
    }
}
