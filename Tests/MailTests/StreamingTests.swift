import BotCensusCore
import Foundation
import Testing
@testable import Ingest

/// Memory stays bounded: a body of any size passes through the digest; many messages stream one at a time.
@Suite struct StreamingTests {
    /// One message with a 2.4 MiB base64 body (one template repeated) and a 2 MiB body line without white
    /// space (longer than the reader's 1 MiB chunks): read to the end with the right key. (Sizes are kept
    /// small because debug-build SHA-256 is slow; the state does not grow with them.)
    @Test func hugeBodies() throws {
        let dir = try temporaryDirectory()
        let url = dir.appendingPathComponent("big.eml")
        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        let h = try FileHandle(forWritingTo: url)
        h.write(Data("Received: from big (unknown [192.0.2.77]) by mx.example.net; Tue, 6 Jan 2026 03:04:05 +0000\nContent-Type: multipart/mixed; boundary=B\n\n--B\nContent-Type: text/plain\nContent-Transfer-Encoding: base64\n\n".utf8))
        let chunk = Data(String(repeating: "spam ", count: 12 * 1024).utf8).base64EncodedString(options: [.lineLength76Characters, .endLineWithLineFeed])
        for _ in 0..<40 { h.write(Data((chunk + "\n").utf8)) }
        h.write(Data("--B\nContent-Type: text/plain\n\n".utf8))
        h.write(Data(String(repeating: "z", count: 2 << 20).utf8))
        h.write(Data("\n--B--\n".utf8))
        try h.close()

        let run = try importMail(url.path)
        #expect(run.events.count == 1)
        let expected = String(repeating: "spam ", count: 12 * 1024 * 40).dropLast()
        #expect(run.events.first?.campaign == campaignKey(String(expected)))
    }

    /// 20,000 messages in one mbox: each becomes an event in order; the reader keeps one message at a time.
    @Test func manyMessages() throws {
        let dir = try temporaryDirectory()
        let url = dir.appendingPathComponent("many.mbox")
        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        let h = try FileHandle(forWritingTo: url)
        var block = ""
        for i in 0..<20_000 {
            block += "From a@b Tue Jan  6 13:00:00 2026\nReceived: from h\(i) (unknown [10.\(i / 65536).\(i / 256 % 256).\(i % 256)]) by mx; Tue, 6 Jan 2026 13:00:00 +0000\nSubject: n\(i)\n\nbody \(i)\n\n"
            if i % 1000 == 999 { h.write(Data(block.utf8)); block = "" }
        }
        try h.close()
        let run = try importMail(url.path)
        #expect(run.summary.lines == 20_000)
        #expect(run.events.count == 20_000)
        #expect(run.events.last?.ip.description == "10.0.78.31")
        #expect(run.events.last?.subject == "n19999")
        #expect(Set(run.events.compactMap(\.campaign)).count == 1)
    }
}
