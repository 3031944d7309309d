import BotCensusCore
import Foundation
@testable import Ingest

/// Path of a file in Tests/Fixtures/ingest.
func fixture(_ name: String) -> String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/ingest/\(name)").path
}

struct ImportRun {
    var summary: ImportDriver.Summary
    var bad: [ImportDriver.BadLine]
    var records: [Evidence]

    var events: [SpamEvent] { records.compactMap { if case .event(let e) = $0 { return e } else { return nil } } }
    var syns: [SynRecord] { records.compactMap { if case .syn(let s) = $0 { return s } else { return nil } } }
    var observations: [ServiceObservation] { records.compactMap { if case .observation(let o) = $0 { return o } else { return nil } } }
}

func runImport(_ path: String, format: String? = nil, year: Int? = nil, localTime: LocalTime = .utc, strict: Bool = false) throws -> ImportRun {
    let driver = try ImportDriver(path: path, formatName: format, options: ImportOptions(year: year, localTime: localTime), strict: strict)
    var bad: [ImportDriver.BadLine] = []
    var records: [Evidence] = []
    let summary = try driver.run(report: { bad.append($0) }) { records.append($0) }
    return ImportRun(summary: summary, bad: bad, records: records)
}

/// Writes `text` to a fresh temporary file and returns its path.
func temporaryFile(_ text: String, name: String = "input.log") throws -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("botcensus-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let url = dir.appendingPathComponent(name)
    try Data(text.utf8).write(to: url)
    return url.path
}

func utc(_ text: String) -> Timestamp { TimeParsing.rfc3339(text)! }

/// Path of a file anywhere in Tests/Fixtures (`scan/…`, `mta/…`).
func fixturePath(_ name: String) -> String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/\(name)").path
}

/// The format `ImportDriver` detects for a file.
func detected(_ path: String) throws -> String {
    try ImportDriver(path: path, formatName: nil, options: .init(), strict: false).format.name
}

/// Sets a file's modification time (classic syslog takes its year from it).
func setModificationTime(_ path: String, _ time: Timestamp) throws {
    try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: time)], ofItemAtPath: path)
}
