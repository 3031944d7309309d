import Foundation
@testable import Probe
import Testing

/// The small codecs the modules rest on, against published values and real readers.
@Suite struct ProbeCodecTests {
    @Test func murmur3MatchesItsReferenceVectors() {
        // Austin Appleby's MurmurHash3_x86_32, seed 0 (as Python's mmh3.hash unsigned).
        #expect(FaviconHash.murmur3([]) == 0)
        #expect(FaviconHash.murmur3(Array("hello".utf8)) == 0x248b_fa47)
        #expect(FaviconHash.murmur3(Array("The quick brown fox jumps over the lazy dog".utf8)) == 0x2e4f_f723)
        #expect(FaviconHash.murmur3(Array("abc".utf8)) == 0xb3dd_93fa)
    }

    @Test func faviconBase64IsPythonsEncodebytes() throws {
        let icon = (0..<200).map { UInt8($0 % 256) }
        let ours = FaviconHash.base64Lines(icon)
        // Python's base64.encodebytes: 76 characters per line, each line (the last too) ending in a newline.
        let lines = ours.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.last == "" && lines.dropLast().allSatisfy { $0.count <= 76 } && lines[0].count == 76)
        #expect(Data(base64Encoded: ours.replacingOccurrences(of: "\n", with: "")) == Data(icon))
        let python = try run(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c",
            "import base64,sys; sys.stdout.write(base64.encodebytes(bytes(i % 256 for i in range(200))).decode())"])
        #expect(python.stdout == ours)
    }

    @Test func jsonEscapesHostileBannerText() throws {
        let banner = "220 \u{1b}[31mevil\u{7}\"quoted\"\\ <script>\r\n\u{0}"
        let json = ProbeJSON.object([("banner", .string(banner)), ("n", .int(-3)), ("ok", .bool(true)), ("none", .null),
                                     ("list", .array([.double(1.5), .bytes([0xff, 0x41])]))])
        let back = try JSONSerialization.jsonObject(with: Data(json.text.utf8)) as? [String: Any]
        #expect(back?["banner"] as? String == banner)
        #expect(back?["n"] as? Int == -3)
        #expect(((back?["list"] as? [Any])?[1] as? String) == "\u{FFFD}A")
        #expect(!json.text.contains("\u{1b}"))
    }
}

import BotCensusTesting
