import BotCensusCore

/// p0f v3's log (`p0f -o FILE`): `[YYYY/MM/DD HH:MM:SS] mod=syn|cli=IP/PORT|srv=IP/PORT|subj=cli|os=…|dist=N|
/// params=…|raw_sig=…`. Only client SYNs (`mod=syn`, `subj=cli`) are evidence; other modules are ignored.
/// Times carry no zone; values are not escaped, so each key's value runs to the next `|`.
public struct P0fLogFormat: LineFormat {
    public static let name = "p0f"
    public static let unitName = "lines"
    public static let carriesSyns = true

    private let options: ImportOptions
    private let file: FileFacts

    public init(options: ImportOptions, file: FileFacts) {
        self.options = options
        self.file = file
    }

    public static func sniff(_ head: FileHead) -> Bool {
        let lines = head.lines
        guard let first = lines.first else { return false }
        return first.withUnsafeBytes { bytes in
            let line = ByteLine(bytes)
            return line.count > 23 && line[0] == UInt8(ascii: "[") && line[5] == UInt8(ascii: "/") && line.matches("] mod=", at: 20)
        }
    }

    public mutating func parse(line: ByteLine, number: Int, emit: (Evidence) throws -> Void) throws -> LineOutcome {
        if line.isEmpty { return .ignored }
        guard line.count > 22, line[0] == UInt8(ascii: "["), line[5] == UInt8(ascii: "/"), line[8] == UInt8(ascii: "/"),
              line[11] == 32, line[20] == UInt8(ascii: "]"),
              let year = line.integer(1..<5), let month = line.integer(6..<8), let day = line.integer(9..<11),
              (1...12).contains(month), (1...31).contains(day),
              let (h, m, s) = TimeParsing.clock(line, at: 12) else {
            throw LineError("line does not start with a p0f time '[YYYY/MM/DD HH:MM:SS]'")
        }
        let fields = keyValues(line, from: 22)
        guard fields["mod"] == "syn" else { return .ignored }
        guard fields["subj"] == "cli" else { return .ignored }
        guard let cli = fields["cli"] else { throw LineError("syn line without cli=") }
        guard let (src, sport) = endpoint(cli) else { throw LineError("cli='\(TerminalText.escape(cli))' is not ADDRESS/PORT") }
        var dst: IPAddress?
        var dport: Int?
        if let srv = fields["srv"] {
            guard let (a, p) = endpoint(srv) else { throw LineError("srv='\(TerminalText.escape(srv))' is not ADDRESS/PORT") }
            dst = a; dport = p
        }
        guard let rawSig = fields["raw_sig"] else { throw LineError("syn line without raw_sig=") }
        let signature: TCPSignature
        do { signature = try TCPSignature(parsing: rawSig) } catch { throw LineError("\(error)") }
        var distance = signature.distance
        // `dist=<= N` comes with random-TTL tools (params=random_ttl): only a bound, so no distance.
        if let d = fields["dist"], d != "???", !d.hasPrefix("<=") {
            guard let value = Int(d), value >= 0 else { throw LineError("dist='\(TerminalText.escape(d))' is not a number") }
            distance = value
        }
        let os = fields["os"].flatMap { $0 == "???" || $0.isEmpty ? nil : $0 }
        let time = options.localTime.timestamp(year: year, month: month, day: day, hour: h, minute: m, second: Double(s))
        try emit(.syn(SynRecord(src: src, sport: sport, dst: dst, dport: dport, time: time, osLabel: os,
                                distance: distance, params: fields["params"], signature: signature,
                                source: SourceRef(file: file.path, line: number))))
        return .accepted(1)
    }

    private func keyValues(_ line: ByteLine, from start: Int) -> [String: String] {
        var result: [String: String] = [:]
        var i = start
        while i < line.count {
            let end = line.firstIndex(of: UInt8(ascii: "|"), from: i) ?? line.count
            if let eq = line.firstIndex(of: UInt8(ascii: "="), from: i, to: end) {
                result[line.string(i..<eq)] = line.string((eq + 1)..<end)
            }
            i = end + 1
        }
        return result
    }

    /// `ADDRESS/PORT`; IPv6 addresses are printed uncompressed, so split at the last slash.
    private func endpoint(_ text: String) -> (IPAddress, Int)? {
        guard let slash = text.lastIndex(of: "/"), let ip = IPAddress(String(text[..<slash])),
              let port = Int(text[text.index(after: slash)...]), (0...65535).contains(port) else { return nil }
        return (ip, port)
    }
}
