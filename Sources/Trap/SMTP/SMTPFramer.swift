import NIOCore

/// Cuts the bytes of one connection into what the session reads: command lines (bounded), DATA body lines
/// (dot-unstuffed, up to the lone `.`) and BDAT octets (counted). Memory: at most one line's bytes are held
/// back; a body line longer than that is passed on in pieces.
struct SMTPFramer {
    enum Mode: Equatable {
        case lines
        case data
        case chunk(remaining: Int)
    }

    enum Frame {
        /// A command line without its line end.
        case line([UInt8])
        /// A command line longer than the limit was skipped up to its line end.
        case lineTooLong
        /// Body bytes, unstuffed; `lineEnd` when they end a line (its CR LF is part of the bytes).
        case body(ByteBuffer, lineEnd: Bool)
        /// The `.` line: the DATA body is complete.
        case dataEnd
        /// BDAT octets.
        case chunk(ByteBuffer)
        /// The BDAT chunk is complete.
        case chunkEnd
    }

    var mode = Mode.lines
    let maxLine: Int
    /// Inside an over-long command line: drop bytes up to its end.
    private var skipping = false
    /// In DATA: the next byte starts a line (where `.` stuffing and the end mark live).
    private var atLineStart = true

    init(maxLine: Int) { self.maxLine = maxLine }

    /// The next frame from `buffer`, consuming what it covers; nil when more bytes are needed.
    mutating func next(_ buffer: inout ByteBuffer) -> Frame? {
        switch mode {
        case .lines: return nextLine(&buffer)
        case .data: return nextBody(&buffer)
        case .chunk(let remaining):
            if remaining == 0 { mode = .lines; return .chunkEnd }
            guard buffer.readableBytes > 0 else { return nil }
            let n = min(remaining, buffer.readableBytes)
            mode = .chunk(remaining: remaining - n)
            return .chunk(buffer.readSlice(length: n)!)
        }
    }

    private mutating func nextLine(_ buffer: inout ByteBuffer) -> Frame? {
        while true {
            let view = buffer.readableBytesView
            guard let lf = view.firstIndex(of: 10) else {
                if buffer.readableBytes > maxLine {
                    // No line end within the limit: drop what is here and keep dropping to the line end.
                    buffer.moveReaderIndex(forwardBy: buffer.readableBytes)
                    if !skipping { skipping = true }
                }
                return nil
            }
            let length = lf - view.startIndex
            let line = buffer.readBytes(length: length + 1)!
            if skipping { skipping = false; return .lineTooLong }
            var content = Array(line.dropLast())
            if content.last == 13 { content.removeLast() }
            if content.count > maxLine { return .lineTooLong }
            return .line(content)
        }
    }

    private mutating func nextBody(_ buffer: inout ByteBuffer) -> Frame? {
        let view = buffer.readableBytesView
        guard let first = view.first else { return nil }
        if atLineStart && first == UInt8(ascii: ".") {
            // `.` CR LF (or `.` LF) ends the body; `..` is a stuffed `.`. Wait for enough bytes to tell.
            guard view.count >= 2 else { return nil }
            let second = view[view.startIndex + 1]
            if second == 10 { buffer.moveReaderIndex(forwardBy: 2); endBody(); return .dataEnd }
            if second == 13 {
                guard view.count >= 3 else { return nil }
                if view[view.startIndex + 2] == 10 { buffer.moveReaderIndex(forwardBy: 3); endBody(); return .dataEnd }
            }
            // Remove the stuffing dot (RFC 5321 §4.5.2); a lone dot followed by other text loses it too.
            buffer.moveReaderIndex(forwardBy: 1)
            atLineStart = false
            return nextBody(&buffer)
        }
        if let lf = view.firstIndex(of: 10), lf - view.startIndex < maxLine {
            atLineStart = true
            return .body(buffer.readSlice(length: lf - view.startIndex + 1)!, lineEnd: true)
        }
        // A piece of a long line, or of a line still arriving: pass on what is here, bounded. A CR at the end
        // may begin the CR LF: keep it back so the line end is seen whole.
        var n = min(buffer.readableBytes, maxLine)
        if n == buffer.readableBytes, view.last == 13 { n -= 1 }
        guard n > 0 else { return nil }
        atLineStart = false
        return .body(buffer.readSlice(length: n)!, lineEnd: false)
    }

    private mutating func endBody() {
        mode = .lines
        atLineStart = true
    }

    /// Starts reading a DATA body.
    mutating func beginData() { mode = .data; atLineStart = true }
}
