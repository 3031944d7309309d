import BotCensusCore

/// masscan's list output (`-oL`): `#masscan`, then `open tcp 80 192.0.2.7 1700000000` per open port and
/// `banner tcp 80 192.0.2.7 1700000000 http HTTP/1.0 200 OK\x0d\x0aServer: …` per banner (bytes outside
/// printable ASCII written `\xNN`), then `# end`. Read like masscan's JSON: open ports are observations of
/// protocol `tcp`/`udp`, banners become fields, consecutive banners of one service are one observation.
public struct MasscanListFormat: FileFormat {
    public static let name = "masscan-list"
    public static let unitName = "lines"

    private let file: FileFacts

    public init(options: ImportOptions, file: FileFacts) {
        self.file = file
    }

    public static func sniff(_ head: FileHead) -> Bool {
        guard let first = head.lines.first else { return false }
        if first == Array("#masscan".utf8) { return true }
        return first.withUnsafeBytes { bytes in
            let line = ByteLine(bytes)
            return (line.matches("open ", at: 0) || line.matches("banner ", at: 0)) && (try? record(line, file: "", number: 0)) != nil
        }
    }

    public mutating func read(emit: (Evidence) throws -> Void, bad: (BadPlace, String) throws -> Void) throws -> FileSummary {
        var merger = ObservationMerger()
        var lines = 0
        var ignored = 0
        let path = file.path
        let sha = try LineReader(file: file).forEachLine { line, number in
            lines = number
            do {
                if let observation = try MasscanListFormat.record(line, file: path, number: number) {
                    try merger.add(observation, emit: emit)
                } else {
                    ignored += 1
                }
            } catch let error as LineError {
                try bad(.line(number), error.reason)
            }
        }
        try merger.flush(emit: emit)
        return FileSummary(units: lines, records: merger.emitted, ignored: ignored, sha256: sha)
    }

    /// One line's observation; nil for comments, blank lines and closed ports.
    static func record(_ line: ByteLine, file: String, number: Int) throws -> ServiceObservation? {
        if line.isEmpty || line[0] == UInt8(ascii: "#") { return nil }
        // Fields split at single spaces; a banner's text (the seventh field) runs to the end of the line.
        var fields: [Range<Int>] = []
        var start = 0
        while fields.count < 6, let space = line.firstIndex(of: 32, from: start) {
            fields.append(start..<space)
            start = space + 1
        }
        fields.append(start..<line.count)
        let kind = fields[0]
        let isBanner = MTABytes.equals(line, kind, "banner")
        guard isBanner || MTABytes.equals(line, kind, "open") || MTABytes.equals(line, kind, "closed") else {
            throw LineError("'\(TerminalText.escape(line.string(kind)))' is not open, closed or banner")
        }
        guard fields.count >= (isBanner ? 6 : 5) else { throw LineError("too few fields for a masscan \(line.string(kind)) line") }
        guard let port = line.integer(fields[2]), port <= 65535 else {
            throw LineError("port '\(TerminalText.escape(line.string(fields[2])))' is not a number 0-65535")
        }
        guard let ip = line.ip(fields[3]) else {
            throw LineError("'\(TerminalText.escape(line.string(fields[3])))' is not an IP address")
        }
        let timeField = fields[4]
        guard let seconds = line.integer(timeField) else {
            throw LineError("time '\(TerminalText.escape(line.string(timeField)))' is not seconds since the epoch")
        }
        if MTABytes.equals(line, kind, "closed") { return nil }
        let transport = line.string(fields[1])
        let source = SourceRef(file: file, line: number)
        guard isBanner else {
            return ServiceObservation(ip: ip, port: port, time: Timestamp(seconds), proto: transport, fields: [:], source: source)
        }
        let service = line.string(fields[5])
        let banner = fields.count > 6 ? MasscanBanner.unescapeList(line.slice(fields[6])) : []
        return ServiceObservation(ip: ip, port: port, time: Timestamp(seconds), proto: MasscanBanner.proto(service: service),
                                  fields: MasscanBanner.fields(service: service, banner: banner), source: source)
    }
}
