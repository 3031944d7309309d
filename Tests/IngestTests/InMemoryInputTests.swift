import BotCensusCore
import Foundation
import Testing
@testable import Ingest

/// Bytes in memory (`ImportDriver(contents:)`, the fuzzer's way in) read exactly as the same file on disk.
@Suite struct InMemoryInputTests {
    /// Every fixture under Tests/Fixtures with the format `import` detects for it (folders too: a Maildir).
    static func fixturesByFormat() throws -> [(path: String, format: String)] {
        let root = fixturePath("")
        let names = try FileManager.default.subpathsOfDirectory(atPath: root).sorted()
        return names.compactMap { name in
            let path = root + "/" + name
            guard let head = try? LineReader.head(path), let format = EvidenceFormats.detect(head) else { return nil }
            return (path, format.name)
        }
    }

    /// Every registered format has a fixture detected as it: its fuzzing seeds, and proof its sniffer knows
    /// its own files.
    @Test func everyFormatHasAFixture() throws {
        let formats = Set(try Self.fixturesByFormat().map(\.format))
        for name in EvidenceFormats.names {
            #expect(formats.contains(name), "format \(name) has no fixture under Tests/Fixtures")
        }
    }

    @Test func everyFileFixtureReadsTheSameFromMemory() throws {
        var compared = 0
        for (path, format) in try Self.fixturesByFormat() where format != "maildir" {
            let onDisk = try read(ImportDriver(path: path, formatName: nil, options: options, strict: false))
            let bytes = [UInt8](try #require(FileManager.default.contents(atPath: path)))
            let driver = try ImportDriver(contents: bytes, name: path, formatName: nil, options: options, strict: false)
            #expect(driver.format.name == format, "\(path)")
            let inMemory = try read(driver)
            #expect(inMemory.summary == onDisk.summary, "\(path)")
            #expect(inMemory.bad == onDisk.bad, "\(path)")
            #expect(inMemory.records == onDisk.records, "\(path)")
            compared += 1
        }
        #expect(compared >= 20)
    }

    /// A Maildir in memory is one message in new/: the event of that file read from the folder.
    @Test func maildirInMemoryIsOneMessage() throws {
        let folder = fixturePath("mail/Maildir")
        let name = "1767776600.M3P102.mx.example.net"
        // No trusted relays: this message's one Received header then names its sender.
        let options = ImportOptions(year: 2026, localTime: .utc)
        var whole: [SpamEvent] = []
        _ = try ImportDriver(path: folder, formatName: "maildir", options: options, strict: false)
            .run(report: { _ in }) { if case .event(let e) = $0 { whole.append(e) } }
        let fromFolder = try #require(whole.first { $0.source.file.hasSuffix("/new/" + name) })
        let bytes = [UInt8](try #require(FileManager.default.contents(atPath: folder + "/new/" + name)))
        let driver = try ImportDriver(contents: bytes, name: folder, formatName: "maildir", options: options, strict: false)
        var events: [SpamEvent] = []
        let summary = try driver.run(report: { Issue.record("\($0)") }) { if case .event(let e) = $0 { events.append(e) } }
        #expect(summary.lines == 1 && events.count == 1)
        // Same message, same event; only its place and its delivery time differ: in memory it has no file
        // name of its own, and this message has no date, so the time is the in-memory name's.
        var event = try #require(events.first)
        #expect(event.source.file == folder + "/new/" + MaildirFormat.inMemoryEntry.name)
        #expect(event.time == MaildirFormat.deliveryTime(MaildirFormat.inMemoryEntry.unique))
        event.source = fromFolder.source
        event.time = fromFolder.time
        #expect(event == fromFolder)
    }

    @Test func linesSplitLikeTheFileReader() throws {
        let text = "a\r\n\nlast line without break"
        var seen: [String] = []
        let sha = try LineReader(file: FileFacts(path: "memory", modified: 0, contents: Array(text.utf8))).forEachLine { line, n in
            #expect(n == seen.count + 1)
            seen.append(line.string(0..<line.count))
        }
        #expect(seen == ["a", "", "last line without break"])
        #expect(sha == ContentDigest.hex(Array(text.utf8)))
    }

    let options = ImportOptions(year: 2026, localTime: .utc, trustedRelays: ["192.0.2.0/24"])

    /// What an import gives, as comparable text.
    struct Reading: Equatable {
        var summary: String
        var bad: [String]
        var records: [AnyHashable]
    }

    func read(_ driver: ImportDriver) throws -> Reading {
        var bad: [String] = []
        var records: [AnyHashable] = []
        let s = try driver.run(report: { bad.append($0.description) }) { evidence in
            switch evidence {
            case .event(let e): records.append(e)
            case .syn(let s): records.append(s)
            case .observation(let o): records.append(o)
            case .clock(let c): records.append(c)
            }
        }
        return Reading(summary: "\(s.format) \(s.lines) \(s.records) \(s.ignored) \(s.badLines) \(s.sha256)", bad: bad, records: records)
    }
}
