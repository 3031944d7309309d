/// The lexical layer of a Received header (RFC 5321 §4.4): words and parenthesised comments at the top
/// level, and the date after the last top-level `;`. Comments nest (`(rdns [IP] (may be forged))`) and may
/// hold `\)` quoted pairs; an unclosed comment runs to the end rather than failing the header.
enum ReceivedTokens {
    enum Item {
        case word(ArraySlice<UInt8>)
        /// The text inside the outer parentheses.
        case comment(ArraySlice<UInt8>)
    }

    static func split(_ value: [UInt8]) -> (items: [Item], date: ArraySlice<UInt8>?) {
        // The date follows the last `;` outside comments: TLS comments and HELO text come before it.
        var lastSemicolon: Int?
        var depth = 0
        var i = 0
        while i < value.count {
            let b = value[i]
            if b == UInt8(ascii: "\\"), depth > 0 { i += 2; continue }
            if b == UInt8(ascii: "(") { depth += 1 } else if b == UInt8(ascii: ")"), depth > 0 { depth -= 1 } else if b == UInt8(ascii: ";"), depth == 0 { lastSemicolon = i }
            i += 1
        }
        let clausesEnd = lastSemicolon ?? value.count
        let date = lastSemicolon.map { value[($0 + 1)...] }
        return (items(value[0..<clausesEnd]), date)
    }

    /// Top-level words and comments of `text`.
    static func items(_ text: ArraySlice<UInt8>) -> [Item] {
        var out: [Item] = []
        var i = text.startIndex
        while i < text.endIndex {
            let b = text[i]
            if isSpace(b) { i += 1; continue }
            if b == UInt8(ascii: "(") {
                let close = closingParenthesis(text, from: i)
                out.append(.comment(text[(i + 1)..<close]))
                i = close < text.endIndex ? close + 1 : close
                continue
            }
            let start = i
            while i < text.endIndex, !isSpace(text[i]), text[i] != UInt8(ascii: "(") { i += 1 }
            out.append(.word(text[start..<i]))
        }
        return out
    }

    /// Index of the `)` matching the `(` at `open`, or the end of the text when it is never closed.
    static func closingParenthesis(_ text: ArraySlice<UInt8>, from open: Int) -> Int {
        var depth = 0
        var i = open
        while i < text.endIndex {
            let b = text[i]
            if b == UInt8(ascii: "\\") { i += 2; continue }
            if b == UInt8(ascii: "(") { depth += 1 }
            if b == UInt8(ascii: ")") {
                depth -= 1
                if depth == 0 { return i }
            }
            i += 1
        }
        return text.endIndex
    }

    @inline(__always) static func isSpace(_ b: UInt8) -> Bool { b == 32 || b == 9 || b == 13 || b == 10 }

    /// Case-insensitive comparison of a word with a lowercase ASCII literal.
    static func equals(_ word: ArraySlice<UInt8>, _ literal: String) -> Bool {
        let l = literal.utf8
        guard word.count == l.count else { return false }
        return zip(word, l).allSatisfy { HeaderBlock.lower($0) == $1 }
    }

    static func hasPrefix(_ word: ArraySlice<UInt8>, _ literal: String) -> Bool {
        let l = literal.utf8
        guard word.count >= l.count else { return false }
        return zip(word, l).allSatisfy { HeaderBlock.lower($0) == $1 }
    }

    /// True when `text` contains the lowercase ASCII `needle`, ignoring case.
    static func contains(_ text: ArraySlice<UInt8>, _ needle: String) -> Bool {
        let n = Array(needle.utf8)
        guard !n.isEmpty, text.count >= n.count else { return false }
        var i = text.startIndex
        while i <= text.endIndex - n.count {
            var j = 0
            while j < n.count, HeaderBlock.lower(text[i + j]) == n[j] { j += 1 }
            if j == n.count { return true }
            i += 1
        }
        return false
    }
}
