/// RFC 2047 encoded words in header text: `=?charset?B?base64?=` and `=?charset?Q?quoted?=`.
/// White space between two adjacent encoded words is dropped (RFC 2047 §6.2), and adjacent words of one
/// charset are decoded together because encoders split multi-byte UTF-8 characters across words.
/// A word that cannot be decoded (unknown charset, bad base64) is kept as written.
enum EncodedWords {
    private struct Word {
        var range: Range<Int>
        var charset: MailCharset?
        var bytes: [UInt8]?
    }

    static func decode<C: Collection>(_ input: C) -> String where C.Element == UInt8 {
        let text = Array(input)
        var out = ""
        var literalStart = 0
        // Decoded bytes of a run of adjacent encoded words in one charset, not yet turned into text.
        var pending: [UInt8] = []
        var pendingCharset: MailCharset?
        var lastWordEnd: Int?

        func flushPending() {
            if let charset = pendingCharset { out += charset.decode(pending) }
            pending.removeAll()
            pendingCharset = nil
        }

        var i = 0
        while i + 1 < text.count {
            guard text[i] == UInt8(ascii: "="), text[i + 1] == UInt8(ascii: "?"), let word = parseWord(text, at: i) else {
                i += 1
                continue
            }
            let between = text[literalStart..<i]
            let onlySpace = between.allSatisfy { $0 == 32 || $0 == 9 || $0 == 13 || $0 == 10 }
            if !(lastWordEnd != nil && onlySpace) {
                flushPending()
                out += MailText.string(between)
            }
            if let bytes = word.bytes, let charset = word.charset {
                if pendingCharset != charset { flushPending() }
                pendingCharset = charset
                pending += bytes
            } else {
                flushPending()
                out += MailText.string(text[word.range])
            }
            lastWordEnd = word.range.upperBound
            literalStart = word.range.upperBound
            i = word.range.upperBound
        }
        flushPending()
        out += MailText.string(text[literalStart...])
        return out
    }

    /// The encoded word starting at `start` (`=?`), or nil when the text there is not one.
    private static func parseWord(_ text: [UInt8], at start: Int) -> Word? {
        var i = start + 2
        let charsetStart = i
        while i < text.count, text[i] != UInt8(ascii: "?") {
            guard text[i] > 32, text[i] < 127 else { return nil }
            i += 1
        }
        guard i + 2 < text.count, i > charsetStart, text[i + 2] == UInt8(ascii: "?") else { return nil }
        let charsetLabel = String(decoding: text[charsetStart..<i], as: UTF8.self)
        let encoding = HeaderBlock.lower(text[i + 1])
        guard encoding == UInt8(ascii: "b") || encoding == UInt8(ascii: "q") else { return nil }
        let payloadStart = i + 3
        var end = payloadStart
        while end + 1 < text.count, !(text[end] == UInt8(ascii: "?") && text[end + 1] == UInt8(ascii: "=")) { end += 1 }
        guard end + 1 < text.count else { return nil }
        let payload = text[payloadStart..<end]
        let range = start..<(end + 2)
        let bytes = encoding == UInt8(ascii: "b") ? Base64.decode(payload) : decodeQ(payload)
        return Word(range: range, charset: MailCharset(label: charsetLabel), bytes: bytes)
    }

    /// The `Q` encoding: `_` is a space, `=XX` a byte.
    private static func decodeQ(_ payload: ArraySlice<UInt8>) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(payload.count)
        var i = payload.startIndex
        while i < payload.endIndex {
            let b = payload[i]
            if b == UInt8(ascii: "_") {
                out.append(32)
            } else if b == UInt8(ascii: "=") {
                guard i + 2 < payload.endIndex, let hi = Hex.value(payload[i + 1]), let lo = Hex.value(payload[i + 2]) else { return nil }
                out.append(hi << 4 | lo)
                i += 2
            } else {
                out.append(b)
            }
            i += 1
        }
        return out
    }
}

enum Hex {
    @inline(__always) static func value(_ b: UInt8) -> UInt8? {
        switch b {
        case 48...57: return b - 48
        case 65...70: return b - 55
        case 97...102: return b - 87
        default: return nil
        }
    }
}

/// Whole-buffer base64 (header encoded words). Bodies use the streaming `Base64Decoder`.
enum Base64 {
    static func decode(_ text: ArraySlice<UInt8>) -> [UInt8]? {
        var decoder = Base64Decoder()
        var out: [UInt8] = []
        for b in text {
            if b == UInt8(ascii: "=") || b == 32 || b == 9 { continue }
            guard Base64Decoder.value(b) != nil else { return nil }
            decoder.feed(b) { out.append($0) }
        }
        guard decoder.isAligned else { return nil }
        return out
    }
}
