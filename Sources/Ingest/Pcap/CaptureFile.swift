/// Opens a capture file as a `PacketSource`, telling classic pcap from pcapng by the first four bytes.
public enum CaptureFile {
    /// `warn` receives problems that reading goes on after (or ends quietly at, like a file cut short).
    public static func open(_ path: String, warn: @escaping (CaptureIssue) -> Void = { _ in }) throws -> any PacketSource {
        try openViews(path, hashing: false, warn: warn)
    }

    /// The same reader, for callers that look at packets in place; `hashing` also computes the file's SHA-256.
    static func openViews(_ path: String, hashing: Bool, warn: @escaping (CaptureIssue) -> Void) throws -> any PacketViewSource {
        try openViews(FileFacts(path: path, modified: 0), hashing: hashing, warn: warn)
    }

    /// The same for a file that may be in memory (`FileFacts.contents`).
    static func openViews(_ file: FileFacts, hashing: Bool, warn: @escaping (CaptureIssue) -> Void) throws -> any PacketViewSource {
        let path = file.path
        let probe = try CaptureFileBytes(file, bufferSize: 4)
        let magic = try probe.read(4)
        guard magic.count == 4 else {
            throw CaptureIssue(file: path, packet: nil, reason: magic.isEmpty ? "empty file, not a capture" : "too short to be a capture file")
        }
        let input = try CaptureFileBytes(file, hashing: hashing)
        if magic == [0x0A, 0x0D, 0x0D, 0x0A] { return try PcapNGFileReader(input: input, warn: warn) }
        return try PcapFileReader(input: input, warn: warn)
    }

    /// True when the file starts like a pcap or pcapng capture (for format detection).
    public static func looksLikeCapture(_ firstBytes: [UInt8]) -> Bool {
        let magics: [[UInt8]] = [[0xA1, 0xB2, 0xC3, 0xD4], [0xD4, 0xC3, 0xB2, 0xA1], [0xA1, 0xB2, 0x3C, 0x4D],
                                 [0x4D, 0x3C, 0xB2, 0xA1], [0x0A, 0x0D, 0x0D, 0x0A]]
        return magics.contains { firstBytes.starts(with: $0) }
    }
}
