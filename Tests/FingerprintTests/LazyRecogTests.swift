import BotCensusCore
import Foundation
import Testing
@testable import Fingerprint

/// The streaming path's shortcuts give what the plain path gives: a Recog folder read per key equals one
/// read whole, the identity plans equal the result dictionary's identity, and the answer cache finds what
/// it stored.
@Suite struct LazyRecogTests {
    @Test(.enabled(if: recogPresent, "../shared/recog/xml is absent"))
    func keysReadFromRootElementsAreTheFilesKeys() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: recogDirectory).filter { $0.hasSuffix(".xml") }
        for name in names {
            let path = (recogDirectory as NSString).appendingPathComponent(name)
            #expect(RecogKeyIndex.rootKey(path: path) == (try RecogFile.load(path: path)).key, "\(name)")
        }
    }

    @Test(.enabled(if: recogPresent, "../shared/recog/xml is absent"))
    func planIdentitiesEqualDictionaryIdentities() throws {
        let db = try RecogDatabase.load(directory: recogDirectory)
        let scratch = BannerScratch()
        var compared = 0
        for (field, key) in RecogDatabase.keys {
            for file in db.files[key] ?? [] {
                for fp in file.fingerprints {
                    for example in fp.examples {
                        let banner = String(decoding: example.input, as: UTF8.self)
                        guard String(decoding: RecogInput.normalise(banner, field: field), as: UTF8.self) == banner else { continue }
                        let full = db.match(banner, field: field), fast = db.match(banner, field: field, scratch: scratch)
                        #expect(full?.identity == fast?.identity && full?.signature == fast?.signature, "\(banner)")
                        compared += 1
                    }
                }
            }
        }
        #expect(compared > 1000)
    }

    @Test func rootKeyReadsTheMatchesAttributeOrTheBaseName() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lazy-recog-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        func key(_ text: String) throws -> String? {
            let url = dir.appendingPathComponent("base_name.xml")
            try Data(text.utf8).write(to: url)
            return RecogKeyIndex.rootKey(path: url.path)
        }
        #expect(try key("<?xml version=\"1.0\"?>\n<!-- c <x> -->\n<fingerprints matches=\"a.b\" protocol=\"tcp\">") == "a.b")
        #expect(try key("<fingerprints protocol=\"tcp\">") == "base_name")
        #expect(try key("<fingerprints matches='a.b'>") == nil, "other quoting is left to the XML parser")
        #expect(try key("<other matches=\"a\">") == nil)
    }

    @Test func answerCacheFindsWhatItStoredAndStartsOver() {
        var cache = BannerAnswerCache(limit: 4)
        func bytes(_ s: String) -> [UInt8] { Array(s.utf8) }
        func insert(_ k: String, _ tag: UInt8, _ v: String) -> Int {
            bytes(k).withUnsafeBytes { key in bytes(v).withUnsafeBufferPointer { cache.insert(key, tag: tag, value: $0) } }
        }
        func find(_ k: String, _ tag: UInt8) -> String? {
            bytes(k).withUnsafeBytes { key in cache.find(key, tag: tag).map { e in cache.withValue(e) { String(decoding: $0, as: UTF8.self) } } }
        }
        #expect(insert("nginx", 1, "A") == 0 && insert("nginx", 2, "B") == 1 && insert("", 1, "E") == 2)
        #expect(find("nginx", 1) == "A" && find("nginx", 2) == "B" && find("", 1) == "E" && find("nginx/1", 1) == nil)
        #expect(insert("a longer banner than eight bytes", 1, "L") == 3 && find("a longer banner than eight bytes", 1) == "L")
        #expect(insert("x", 1, "X") == 0, "full: starts over")
        #expect(find("nginx", 1) == nil && find("x", 1) == "X")
    }
}
