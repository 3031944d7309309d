import BotCensusCore
import Foundation
@testable import Ingest

/// What the import driver read from one file, as `botcensus import` reads it (format detected unless named;
/// zone-less times as UTC unless said), without a case.
public struct ImportRun {
    public var summary: ImportDriver.Summary
    public var bad: [ImportDriver.BadLine]
    public var records: [Evidence]

    public var events: [SpamEvent] { records.compactMap { if case .event(let e) = $0 { return e } else { return nil } } }
    public var syns: [SynRecord] { records.compactMap { if case .syn(let s) = $0 { return s } else { return nil } } }
    public var observations: [ServiceObservation] { records.compactMap { if case .observation(let o) = $0 { return o } else { return nil } } }
}

public func runImport(_ path: String, format: String? = nil, year: Int? = nil, localTime: LocalTime = .utc,
                      relays: [String] = [], strict: Bool = false) throws -> ImportRun {
    let options = ImportOptions(year: year, localTime: localTime, trustedRelays: relays)
    let driver = try ImportDriver(path: path, formatName: format, options: options, strict: strict)
    var bad: [ImportDriver.BadLine] = []
    var records: [Evidence] = []
    let summary = try driver.run(report: { bad.append($0) }) { records.append($0) }
    return ImportRun(summary: summary, bad: bad, records: records)
}

/// An RFC 3339 time as a timestamp.
public func utc(_ text: String) -> Timestamp {
    guard let t = TimeParsing.rfc3339(text) else { preconditionFailure("not an RFC 3339 time: \(text)") }
    return t
}
