import Foundation

/// The package's root folder (this file is Tests/BotCensusTesting/Paths.swift).
public let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// A file or folder anywhere under Tests/Fixtures (`scan/…`, `mta/…`).
public func fixturePath(_ relative: String) -> String { packageRoot.appendingPathComponent("Tests/Fixtures/\(relative)").path }

/// A file in Tests/Fixtures/ingest.
public func fixture(_ name: String) -> String { fixturePath("ingest/\(name)") }

/// A file in Tests/Fixtures/pcap.
public func pcapFixture(_ name: String) -> String { fixturePath("pcap/\(name)") }

/// A file or folder in Tests/Fixtures/mail.
public func mailFixture(_ name: String) -> String { fixturePath("mail/\(name)") }

/// Recog's XML folder in ../shared, when it is there.
public let recogFolder = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/recog/xml")
