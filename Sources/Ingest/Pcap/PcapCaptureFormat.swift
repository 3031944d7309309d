import BotCensusCore

/// Packet captures (pcap and pcapng) as evidence. Every SYN to a mail port (`ImportOptions.mailPorts`)
/// becomes a SYN record: p0f's raw_sig, the hop distance as p0f guesses it, IP ID and TCP timestamp; every
/// client→server packet of those connections that carries a TCP timestamp becomes a clock sample, the raw
/// material for telling hosts behind one address apart by their clocks.
///
/// The capture streams through one buffer and packets are looked at in place; only SYNs to mail ports are
/// copied and fully decoded. A retransmitted SYN (p0f's rule: same connection and sequence number within
/// 30 s) is not a new record, so a capture and p0f's log of it give the same SYNs; its timestamp is still
/// a clock sample. A damaged packet is reported as `packet N` and skipped; damage that loses the file's
/// framing ends the reading there, keeping what came before (like a capture cut short).
public struct PcapCaptureFormat: FileFormat {
    public static let name = "pcap"
    public static let unitName = "packets"
    public static let carriesSyns = true

    private let options: ImportOptions
    private let file: FileFacts
    /// False skips the SHA-256 of the file: the benchmark's parse-only path. Imports always hash.
    public var hashesContent = true

    public init(options: ImportOptions, file: FileFacts) {
        self.options = options
        self.file = file
    }

    public static func sniff(_ head: FileHead) -> Bool {
        !head.isDirectory && CaptureFile.looksLikeCapture(head.bytes)
    }

    public mutating func read(emit: (Evidence) throws -> Void, bad: (BadPlace, String) throws -> Void) throws -> FileSummary {
        let issues = CaptureIssues()
        let source = try CaptureFile.openViews(file, hashing: hashesContent) { issues.list.append($0) }
        var reader = PacketReading(path: file.path, ports: PortSet(options.mailPorts), labeler: options.synLabeler)
        var packets = 0, records = 0
        func report(_ issue: CaptureIssue, _ suffix: String = "") throws {
            try bad(issue.packet.map { .unit("packet \($0)") } ?? .unit("file"), issue.reason + suffix)
        }
        while true {
            let view: PacketView?
            do {
                view = try source.nextView()
            } catch let issue as CaptureIssue {
                try report(issue, "; the rest of the file cannot be read")
                break
            }
            if !issues.list.isEmpty {
                for issue in issues.list { try report(issue) }
                issues.list.removeAll()
            }
            guard let view else { break }
            packets += 1
            records += try reader.read(view, emit: emit, bad: bad)
        }
        for issue in issues.list { try report(issue) }
        return FileSummary(units: packets, records: records, ignored: reader.ignored, sha256: try source.contentHash())
    }
}

/// Problems the capture reader reports while it goes on (a record cut short, a block skipped), kept until
/// the import can hand them on as bad places.
private final class CaptureIssues {
    var list: [CaptureIssue] = []
}
