#if canImport(FoundationXML)
import FoundationXML
#endif
#if canImport(Glibc)
import Glibc
#endif
import BotCensusCore
import Foundation

/// Nmap's XML output (`-oX`, with `-sV` service detection and NSE scripts), streamed with Foundation's
/// SAX parser: one observation per open port of each `<host>`, at the host's `starttime` (else its
/// `endtime`, else the run's `start`). Nmap's identification is kept under `nmap.*` (`nmap.service`,
/// `nmap.product`, `nmap.version`, `nmap.extrainfo`, `nmap.devicetype`, `nmap.ostype`, `nmap.cpe`,
/// `nmap.tunnel`); script output fills our banner fields (`http-title`, `http-server-header`, `ssl-cert`
/// subject, `banner`). masscan's `-oX` has the same shape (its banners in `service banner="…"`) and is
/// read the same way, its fields under `masscan.*`. A bad host is reported as `file: host N: reason`.
public struct NmapXMLFormat: FileFormat {
    public static let name = "nmap-xml"
    public static let unitName = "hosts"

    private let file: FileFacts

    public init(options: ImportOptions, file: FileFacts) {
        self.file = file
    }

    public static func sniff(_ head: FileHead) -> Bool {
        var bytes = head.bytes[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        bytes = bytes.drop { $0 == 32 || $0 == 9 || $0 == 10 || $0 == 13 }
        guard bytes.starts(with: Array("<?xml".utf8)) else { return false }
        return Array(bytes).withUnsafeBytes { ByteLine($0).find("<nmaprun") != nil }
    }

    public mutating func read(emit: (Evidence) throws -> Void, bad: (BadPlace, String) throws -> Void) throws -> FileSummary {
        guard let stream = XMLInputStream(file) else {
            throw LineReader.ReadError.open(file.path, String(cString: strerror(errno)))
        }
        let path = file.path
        let summary: (hosts: Int, records: Int, ignored: Int) = try withoutActuallyEscaping(emit) { emit in
            try withoutActuallyEscaping(bad) { bad in
                let handler = NmapXMLHandler(file: path, emit: emit, bad: bad)
                let parser = XMLParser(stream: stream)
                parser.delegate = handler
                parser.shouldResolveExternalEntities = false
                _ = parser.parse()
                parser.delegate = nil
                stream.drain()
                if let error = stream.readError { throw LineReader.ReadError.read(path, error) }
                try handler.finish(lastLine: stream.newlines)
                return (handler.hosts, handler.records, handler.ignored)
            }
        }
        for (line, byte) in stream.badLines {
            let what = byte < 0x80 ? "control character" : "byte that is not UTF-8"
            try bad(.line(line), "\(what) 0x\(String(byte, radix: 16, uppercase: true)) (read as '?')")
        }
        return FileSummary(units: summary.hosts, records: summary.records, ignored: summary.ignored, sha256: stream.finalize())
    }
}
