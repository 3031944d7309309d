/// Format detection for raw mail. A file is mail when it starts with an RFC 5322 header block whose field
/// names are mail's own: a log line (`Jan  6 …`, `2026-01-06T…`, `[2026/01/06 …]`) or JSON never parses as
/// one, and a plain `key: value` file is not taken for mail unless it names several mail fields.
enum MailSniffing {
    /// Fields only a message carries (one is enough).
    private static let strong: Set<String> = [
        "received", "return-path", "delivered-to", "message-id", "mime-version", "dkim-signature", "x-original-to",
        "authentication-results", "arc-seal", "x-received", "x-mailer", "content-transfer-encoding",
    ]
    /// Fields that also fit other files (three are needed).
    private static let weak: Set<String> = ["from", "to", "cc", "subject", "date", "reply-to", "sender", "content-type", "user-agent"]

    /// True when `bytes` start with a header block: fields and continuations up to an empty line (or the end
    /// of the sample), field names of letters, digits and `-` starting with a letter.
    static func isHeaderBlock(_ bytes: ArraySlice<UInt8>) -> Bool {
        var fields = 0, strongCount = 0, weakCount = 0
        for (index, raw) in bytes.split(separator: 10, omittingEmptySubsequences: false).prefix(64).enumerated() {
            var line = raw
            if line.last == 13 { line = line.dropLast() }
            if line.isEmpty { break }
            if line.first == 32 || line.first == 9 {
                guard fields > 0 else { return false }
                continue
            }
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else {
                // A cut-off last line of the sample is not evidence against.
                if index > 0, raw.endIndex == bytes.endIndex { break }
                return false
            }
            var name = line[..<colon]
            while let l = name.last, l == 32 || l == 9 { name = name.dropLast() }
            guard let first = name.first, isLetter(first),
                  name.allSatisfy({ isLetter($0) || ($0 >= 48 && $0 <= 57) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") }) else { return false }
            fields += 1
            let lower = String(decoding: name.map(HeaderBlock.lower), as: UTF8.self)
            if strong.contains(lower) { strongCount += 1 } else if weak.contains(lower) { weakCount += 1 }
        }
        return fields >= 2 && (strongCount >= 1 || weakCount >= 3)
    }

    /// An mbox starts with a `From ` line followed by a header block.
    static func isMbox(_ bytes: [UInt8]) -> Bool {
        guard bytes.starts(with: Array("From ".utf8)), let nl = bytes.firstIndex(of: 10) else { return false }
        return isHeaderBlock(bytes[(nl + 1)...])
    }

    private static func isLetter(_ b: UInt8) -> Bool { (b >= 65 && b <= 90) || (b >= 97 && b <= 122) }
}
