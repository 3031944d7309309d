import BotCensusCore
import Ingest

/// One format's importer run on bytes in memory, as `import` runs it on a file (same driver, same parser,
/// no scratch file). Bad input must end as counted bad units or a thrown error, never a crash, a hang or a
/// sanitizer report.
struct FuzzTarget {
    /// Not an evidence format: the p0f signature notation, which p0f logs and p0f.fp carry.
    static let tcpSignature = "tcp-signature"

    /// Every target: the registered evidence formats, then the signature parser.
    static var names: [String] { EvidenceFormats.names + [tcpSignature] }

    let format: String
    /// Trusted relays so the mail formats also walk the Received chain below a trust boundary.
    private let options = ImportOptions(year: 2026, localTime: .utc, trustedRelays: ["192.0.2.0/24", "mx.example.org"])

    init?(format: String) {
        guard FuzzTarget.names.contains(format) else { return nil }
        self.format = format
    }

    func run(_ bytes: [UInt8]) {
        if format == FuzzTarget.tcpSignature {
            _ = try? TCPSignature(parsing: String(decoding: bytes, as: UTF8.self))
            return
        }
        do {
            let driver = try ImportDriver(contents: bytes, name: "fuzz-input", formatName: format, options: options, strict: false)
            _ = try driver.run(report: { _ in }, sink: { _ in })
        } catch {
            // Errors are the expected outcome of bad input.
        }
    }
}
