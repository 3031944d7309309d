import BotCensusCore
import Foundation
@testable import Ingest

/// Path of a file or folder in Tests/Fixtures/mail.
func mailFixture(_ name: String) -> String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/mail/\(name)").path
}

/// Path of a file in another fixture folder (to check that mail sniffers leave it alone).
func otherFixture(_ relative: String) -> String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/\(relative)").path
}

struct MailRun {
    var summary: ImportDriver.Summary
    var bad: [ImportDriver.BadLine]
    var events: [SpamEvent]
}

/// Runs the import driver as `botcensus import` does (format detected unless named; times zone-less read as UTC).
func importMail(_ path: String, format: String? = nil, relays: [String] = [], strict: Bool = false) throws -> MailRun {
    let options = ImportOptions(localTime: .utc, trustedRelays: relays)
    let driver = try ImportDriver(path: path, formatName: format, options: options, strict: strict)
    var bad: [ImportDriver.BadLine] = []
    var events: [SpamEvent] = []
    let summary = try driver.run(report: { bad.append($0) }) { evidence in
        if case .event(let e) = evidence { events.append(e) }
    }
    return MailRun(summary: summary, bad: bad, events: events)
}

/// The single event of a one-message file.
func onlyEvent(_ name: String, relays: [String] = []) throws -> SpamEvent {
    let run = try importMail(mailFixture(name), relays: relays)
    guard run.events.count == 1, run.bad.isEmpty else {
        throw TestFailure("\(name): \(run.events.count) events, bad: \(run.bad.map(\.description))")
    }
    return run.events[0]
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

/// A fresh temporary directory.
func temporaryDirectory() throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("botcensus-mail-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir
}

/// Writes `bytes` to a temporary file named `name` and returns its path.
func temporaryFile(_ bytes: [UInt8], name: String = "message.eml") throws -> String {
    let url = try temporaryDirectory().appendingPathComponent(name)
    try Data(bytes).write(to: url)
    return url.path
}

func temporaryFile(_ text: String, name: String = "message.eml") throws -> String {
    try temporaryFile(Array(text.utf8), name: name)
}

func utc(_ text: String) -> Timestamp { TimeParsing.rfc3339(text)! }

/// The campaign key of a template text, computed as the normaliser's contract says.
func campaignKey(_ template: String) -> String { String(ContentDigest.hex(Array(template.utf8)).prefix(16)) }
