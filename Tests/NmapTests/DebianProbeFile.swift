import Foundation
import Testing
@testable import Fingerprint

/// Debian's nmap-service-probes, loaded once for every test that needs it.
///
/// The file comes from Debian's `nmap` package (scripts/setup.sh installs it; botcensus never ships it). When
/// it is absent, tests that need it are skipped locally, with `skipReason` as the visible reason, and run —
/// and fail with `missingMessage` — under CI (`CI=true`), where setup must have installed it.
enum DebianProbeFile {
    static let path = NmapServiceProbes.debianPath
    static let present = FileManager.default.fileExists(atPath: path)
    static let inCI = ProcessInfo.processInfo.environment["CI"] == "true"
    /// Whether the tests that need the file should run (and so fail in CI when it is missing).
    static let shouldRun = present || inCI

    static let skipReason: Comment = "\(path) is absent: install Debian's nmap (scripts/setup.sh) to run the nmap-service-probes tests"
    static let missingMessage: Comment = "\(path) is missing although CI=true: scripts/setup.sh must install Debian's nmap package"

    /// Loaded on first use; the parse error, if any, is kept for each test to report.
    static let database: Result<NmapServiceDatabase, Error> = Result { try NmapServiceDatabase.load(path: path) }

    /// The file's own count of `match` and `softmatch` lines, read with nothing but a line prefix test, to check
    /// the parser against.
    static func countLines() throws -> (match: Int, softmatch: Int) {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        var match = 0, soft = 0
        for line in data.split(separator: 0x0A) {
            if line.starts(with: Array("match ".utf8)) { match += 1 }
            if line.starts(with: Array("softmatch ".utf8)) { soft += 1 }
        }
        return (match, soft)
    }
}
