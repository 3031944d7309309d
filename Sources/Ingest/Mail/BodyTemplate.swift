import BotCensusCore

/// Reduces body text to its template and hashes it on the fly, so messages of one campaign (same text,
/// different links, recipients, tracking ids) share a key. Per word: lowercase; a URL (`http://`,
/// `https://`, `www.`) up to the next quote, angle bracket or space becomes `<url>`; an e-mail address
/// `<email>`; a word of the recipient's name (from `To:`) `<name>`; a number `<num>`; a hex string of 6+
/// characters `<hex>`; a digit-bearing token of 8+ characters `<id>`; a word over 24 characters or a run
/// over 256 bytes without white space `<long>`. Words are joined by single spaces.
/// State is one word (at most 256 bytes) and the output buffer: bounded whatever the body size.
struct TemplateNormalizer {
    static let maxWord = 256
    private static let urlMark: UInt8 = 1
    private static let emailMark: UInt8 = 2

    private let personal: [[UInt8]]
    private var word: [UInt8] = []
    private var wordTooLong = false
    private var inURL = false
    private var out: [UInt8] = []
    private var hasher = ContentDigest()
    private(set) var words = 0

    init(personal: [[UInt8]]) {
        self.personal = personal
        word.reserveCapacity(TemplateNormalizer.maxWord + 8)
        out.reserveCapacity(4096)
    }

    /// One byte of decoded text. Single-byte charsets are transcoded to UTF-8 first, so one text sent as
    /// Latin-1 and as UTF-8 gives one template.
    mutating func feed(_ b: UInt8, charset: MailCharset?) {
        if b >= 0x80, let charset, charset.isSingleByte {
            for u in String(Character(charset.scalar(b))).utf8 { consume(u) }
        } else {
            consume(b)
        }
    }

    private mutating func consume(_ byte: UInt8) {
        let c = HeaderBlock.lower(byte)
        if inURL {
            guard TemplateNormalizer.endsURL(c) else { return }
            inURL = false
        }
        if c == 32 || c == 9 || c == 10 || c == 13 || c == 12 || c == 11 { endWord(); return }
        if c < 32 || c == 127 || wordTooLong { return }
        word.append(c)
        if c == UInt8(ascii: "/"), endsWith("http://") || endsWith("https://") {
            word.removeLast(endsWith("http://") ? 7 : 8)
            startURL()
        } else if c == UInt8(ascii: "."), endsWith("www."), word.count == 4 || !TemplateNormalizer.isWordByte(word[word.count - 5]) {
            word.removeLast(4)
            startURL()
        }
        if word.count > TemplateNormalizer.maxWord { wordTooLong = true }
    }

    private mutating func startURL() {
        word.append(TemplateNormalizer.urlMark)
        inURL = true
    }

    private func endsWith(_ s: StaticString) -> Bool {
        let n = s.utf8CodeUnitCount
        guard word.count >= n else { return false }
        let p = s.utf8Start
        for j in 0..<n where word[word.count - n + j] != p[j] { return false }
        return true
    }

    private mutating func endWord() {
        defer { word.removeAll(keepingCapacity: true); wordTooLong = false }
        if wordTooLong { emit(Array("<long>".utf8)); return }
        guard !word.isEmpty else { return }
        emit(normalize(markEmails(word)))
    }

    /// Replaces `local@domain.tld` by the e-mail mark.
    private func markEmails(_ w: [UInt8]) -> [UInt8] {
        guard w.contains(UInt8(ascii: "@")) else { return w }
        var result: [UInt8] = []
        var i = 0
        var copied = 0
        while i < w.count {
            guard w[i] == UInt8(ascii: "@") else { i += 1; continue }
            var left = i
            while left > copied, TemplateNormalizer.isLocalPart(w[left - 1]) { left -= 1 }
            var right = i + 1
            while right < w.count, TemplateNormalizer.isDomain(w[right]) { right += 1 }
            while right > i + 1, w[right - 1] == UInt8(ascii: ".") || w[right - 1] == UInt8(ascii: "-") { right -= 1 }
            let domain = w[(i + 1)..<right]
            if left < i, domain.contains(UInt8(ascii: ".")), domain.count >= 3 {
                result += w[copied..<left]
                result.append(TemplateNormalizer.emailMark)
                copied = right
                i = right
            } else {
                i += 1
            }
        }
        result += w[copied...]
        return result
    }

    /// Classifies each run of letters and digits; marks become placeholders; other bytes stay.
    private func normalize(_ w: [UInt8]) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(w.count + 8)
        var i = 0
        while i < w.count {
            let b = w[i]
            if b == TemplateNormalizer.urlMark { result += Array("<url>".utf8); i += 1; continue }
            if b == TemplateNormalizer.emailMark { result += Array("<email>".utf8); i += 1; continue }
            guard TemplateNormalizer.isWordByte(b) else { result.append(b); i += 1; continue }
            let start = i
            while i < w.count, TemplateNormalizer.isWordByte(w[i]) { i += 1 }
            result += classify(w[start..<i])
        }
        return result
    }

    private func classify(_ run: ArraySlice<UInt8>) -> [UInt8] {
        var hasDigit = false, hasLetter = false, allHex = true
        for b in run {
            if b >= 48 && b <= 57 { hasDigit = true } else { hasLetter = true; if !(b >= 97 && b <= 102) { allHex = false } }
        }
        if hasLetter, personal.contains(where: { $0.elementsEqual(run) }) { return Array("<name>".utf8) }
        if !hasLetter { return Array("<num>".utf8) }
        if hasDigit, allHex, run.count >= 6 { return Array("<hex>".utf8) }
        if hasDigit, run.count >= 8 { return Array("<id>".utf8) }
        if run.count > 24 { return Array("<long>".utf8) }
        guard hasDigit else { return Array(run) }
        // A short mix (`24h`, `mp3`): only the digits vary between messages.
        var result: [UInt8] = []
        var inDigits = false
        for b in run {
            let digit = b >= 48 && b <= 57
            if digit, !inDigits { result += Array("<num>".utf8) }
            if !digit { result.append(b) }
            inDigits = digit
        }
        return result
    }

    private mutating func emit(_ token: [UInt8]) {
        if words > 0 { out.append(32) }
        out += token
        words += 1
        if out.count >= 4096 {
            out.withUnsafeBytes { hasher.update($0) }
            out.removeAll(keepingCapacity: true)
        }
    }

    /// The first 16 hex digits of the template's SHA-256; nil when the text held no word.
    mutating func finish() -> String? {
        endWord()
        guard words > 0 else { return nil }
        out.withUnsafeBytes { hasher.update($0) }
        out.removeAll()
        return String(hasher.finalize().prefix(16))
    }

    /// Letters (ASCII and any UTF-8 byte) and digits.
    @inline(__always) static func isWordByte(_ b: UInt8) -> Bool { (b >= 97 && b <= 122) || (b >= 48 && b <= 57) || b >= 0x80 }

    @inline(__always) static func endsURL(_ b: UInt8) -> Bool {
        b == 32 || b == 9 || b == 10 || b == 13 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "'") || b == UInt8(ascii: "<") || b == UInt8(ascii: ">")
    }

    @inline(__always) static func isLocalPart(_ b: UInt8) -> Bool {
        isWordByte(b) || b == UInt8(ascii: ".") || b == UInt8(ascii: "_") || b == UInt8(ascii: "%") || b == UInt8(ascii: "+") || b == UInt8(ascii: "-")
    }

    @inline(__always) static func isDomain(_ b: UInt8) -> Bool {
        (b >= 97 && b <= 122) || (b >= 48 && b <= 57) || b == UInt8(ascii: ".") || b == UInt8(ascii: "-")
    }
}
