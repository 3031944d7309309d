/// Telnet option negotiation (IAC sequences) removed from a raw banner, so what remains is the text a user
/// would see, as zgrab2's `banner` and Recog's telnet inputs are. Works on bytes (masscan) and on the
/// code points of a JSON string whose bytes were written as U+0000–U+00FF (Shodan).
enum TelnetNegotiation {
    static func strip<T: FixedWidthInteger>(_ units: [T]) -> [T] {
        let iac = T(0xFF)
        var out: [T] = []
        out.reserveCapacity(units.count)
        var i = 0
        while i < units.count {
            guard units[i] == iac, i + 1 < units.count else { out.append(units[i]); i += 1; continue }
            switch units[i + 1] {
            case iac: out.append(iac); i += 2                               // escaped 255
            case T(0xFB)...T(0xFE): i += 3                                   // WILL/WONT/DO/DONT option
            case T(0xFA):                                                    // SB … IAC SE
                var j = i + 2
                while j + 1 < units.count, !(units[j] == iac && units[j + 1] == T(0xF0)) { j += 1 }
                i = j + 2
            default: i += 2                                                  // other two-byte commands
            }
        }
        return out
    }

    static func strip(_ text: String) -> String {
        guard text.unicodeScalars.contains("\u{FF}") else { return text }
        var result = String.UnicodeScalarView()
        for value in strip(text.unicodeScalars.map(\.value)) { if let u = Unicode.Scalar(value) { result.append(u) } }
        return String(result)
    }
}
