import BotCensusCore
import Foundation
@testable import Ingest
@_exported import BotCensusTesting

/// The format `ImportDriver` detects for a file.
func detected(_ path: String) throws -> String {
    try ImportDriver(path: path, formatName: nil, options: .init(), strict: false).format.name
}

/// Sets a file's modification time (classic syslog takes its year from it).
func setModificationTime(_ path: String, _ time: Timestamp) throws {
    try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: time)], ofItemAtPath: path)
}
