import BotCensusCore
import Foundation
@testable import Ingest
@_exported import BotCensusTesting

/// Path of a file in another fixture folder (to check that mail sniffers leave it alone).
func otherFixture(_ relative: String) -> String { fixturePath(relative) }

/// Runs the import driver as `botcensus import` does (format detected unless named; times zone-less read as UTC).
func importMail(_ path: String, format: String? = nil, relays: [String] = [], strict: Bool = false) throws -> ImportRun {
    try runImport(path, format: format, relays: relays, strict: strict)
}

/// The single event of a one-message file.
func onlyEvent(_ name: String, relays: [String] = []) throws -> SpamEvent {
    let run = try importMail(mailFixture(name), relays: relays)
    guard run.events.count == 1, run.bad.isEmpty else {
        throw TestFailure("\(name): \(run.events.count) events, bad: \(run.bad.map(\.description))")
    }
    return run.events[0]
}

/// Writes `bytes` to a temporary file named `name` (a message, by default) and returns its path.
func temporaryFile(_ bytes: [UInt8], name: String = "message.eml") throws -> String {
    try BotCensusTesting.temporaryFile(bytes, name: name)
}

func temporaryFile(_ text: String, name: String = "message.eml") throws -> String {
    try BotCensusTesting.temporaryFile(Array(text.utf8), name: name)
}

/// The campaign key of a template text, computed as the normaliser's contract says.
func campaignKey(_ template: String) -> String { String(ContentDigest.hex(Array(template.utf8)).prefix(16)) }
