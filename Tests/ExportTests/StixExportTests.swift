import Foundation
@testable import Report
import Testing

/// Whether the OASIS libraries are importable: without them the bundle test is skipped on a developer's
/// machine (and says so), and runs anyway in CI (`CI=true`), where the validator's exit 3 fails it.
enum StixPython {
    static let installed: Bool = (try? pathPython(["-c", "import stix2, stix2patterns"]).status == 0) ?? false
    static var testsRun: Bool { installed || TestEnvironment.inCI }
}

/// `export stix`: a real case's bundle is STIX 2.1 as the OASIS stix2 library reads it, patterns valid by
/// stix2-patterns, one indicator, sighting and note per verdict, and the same bytes on every export.
@Suite struct StixExportTests {
    @Test(.enabled(if: StixPython.testsRun, "stix2 and stix2-patterns (scripts/setup.sh) are not installed"))
    func bundleValidatesWithTheOASISLibraries() throws {
        let dir = temporaryDirectory("stix")
        let casePath = try ExportCase.make(in: dir)
        let first = dir.appendingPathComponent("a.json").path, second = dir.appendingPathComponent("b.json").path
        for out in [first, second] {
            let r = try botcensus(["export", "stix", "--case", casePath, "--out", out])
            #expect(r.status == 0 && r.stdout.contains("STIX objects"), "\(r.stderr)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: first)) == Data(contentsOf: URL(fileURLWithPath: second)),
                "two exports of one case differ")
        let verdicts = try ExportCase.export("verdicts", "jsonl", case: casePath, in: dir)
        let check = try pathPythonScript("validate-stix.py", [first, verdicts])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        let text = try String(contentsOfFile: first, encoding: .utf8)
        #expect(text.contains("[ipv6-addr:value = '\(ExportCase.ipv6Sender)']"))

        // The validator finds what it must: a required property gone (stix2 itself would default it), a broken
        // pattern, a confidence that is not the verdict's.
        let broken = [
            ("valid_from", text.replacingOccurrences(of: #""valid_from""#, with: #""valid_until""#)),
            ("pattern", text.replacingOccurrences(of: "[ipv4-addr:value = '", with: "[ipv4-addr:value = ")),
            ("confidence", text.replacingOccurrences(of: #""confidence" : 100"#, with: #""confidence" : 7"#)),
        ]
        for (what, bundle) in broken {
            #expect(bundle != text)
            let path = dir.appendingPathComponent("broken-\(what).json")
            try bundle.write(to: path, atomically: true, encoding: .utf8)
            let rejected = try pathPythonScript("validate-stix.py", [path.path, verdicts])
            #expect(rejected.status == 1 && rejected.stdout.contains(what), "\(what): \(rejected.stdout)\(rejected.stderr)")
        }
    }

    @Test func aMissingCaseOrOutIsAnError() throws {
        let dir = temporaryDirectory("stix")
        let missing = try botcensus(["export", "stix", "--case", dir.appendingPathComponent("none.db").path, "--out", dir.appendingPathComponent("b.json").path])
        #expect(missing.status == 1 && missing.stderr.contains("no such case"), "\(missing.stderr)")
        #expect(try botcensus(["export", "stix", "--case", dir.appendingPathComponent("none.db").path]).status == 2, "--out is required")
    }

    /// RFC 9562's own example (DNS namespace, www.example.com), so the SHA-1 name-based UUIDs are the standard's.
    @Test func nameBasedUUIDsAreRFC9562Version5() {
        let dns = StixIdentifier.uuidBytes("6ba7b810-9dad-11d1-80b4-00c04fd430c8")
        #expect(StixIdentifier.uuid5(namespace: dns, name: "www.example.com") == "2ed6657d-e927-568b-95e1-2665a8aea6a2")
        #expect(StixIdentifier.object("indicator", name: "192.0.2.1") == StixIdentifier.object("indicator", name: "192.0.2.1"))
        #expect(StixIdentifier.object("indicator", name: "192.0.2.1") != StixIdentifier.object("note", name: "192.0.2.1"))
    }

    @Test func timesAndConfidence() {
        #expect(StixTime.parse("2026-01-06T03:04:05Z").map(StixTime.format) == "2026-01-06T03:04:05.000Z")
        #expect(StixTime.parse("2026-01-06T03:04:05.123456Z").map(StixTime.format) == "2026-01-06T03:04:05.123Z")
        #expect(StixTime.parse("2026-01-06T03:04:05.9996Z").map(StixTime.format) == "2026-01-06T03:04:06.000Z")
        #expect(StixTime.parse("2026-01-06 03:04:05") == nil && StixTime.parse("2026-01-06T03:04:05+01:00") == nil)
        #expect(StixAddressObjects.confidence(0.934) == 93 && StixAddressObjects.confidence(1) == 100)
        #expect(StixAddressObjects.confidence(0) == 0 && StixAddressObjects.confidence(.nan) == 0)
    }
}
