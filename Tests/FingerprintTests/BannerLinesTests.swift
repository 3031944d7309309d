import Fingerprint
import Foundation
import Testing

/// `identify`'s stdin reader gives what `readLine` + `BannerEscapes.decode` gave, line for line.
@Suite struct BannerLinesTests {
    func lines(_ bytes: [UInt8]) throws -> [String] {
        var fds: [Int32] = [0, 0]
        try #require(pipe(&fds) == 0)
        let (readEnd, writeEnd) = (fds[0], fds[1])
        let writer = Thread {
            bytes.withUnsafeBytes { raw in
                var done = 0
                while done < raw.count { done += max(0, write(writeEnd, raw.baseAddress! + done, raw.count - done)) }
            }
            close(writeEnd)
        }
        writer.start()
        var out: [String] = []
        try BannerLines.forEach(fd: readEnd) { out.append($0) }
        close(readEnd)
        return out
    }

    @Test func linesAsReadLineGaveThem() throws {
        let text: [UInt8] = Array("nginx/1.2\r\nApache\n\n\\x41\\\\b\\tc\na\u{e9}\n".utf8) + [0x61, 0xFF, 0x62, 10] + Array("last\r".utf8)
        #expect(try lines(text) == ["nginx/1.2", "Apache", "", "A\\b\tc", "a\u{e9}", "a\u{FFFD}b", "last\r"])
        #expect(try lines([]) == [])
        // An escape that makes bytes that are not UTF-8 keeps them one to one (as BannerEscapes did).
        #expect(try lines(Array("a\\xffb\n".utf8)) == [BannerEscapes.decode("a\\xffb")])
    }

    @Test func linesLongerThanTheBuffer() throws {
        let long = String(repeating: "x", count: 3 << 20)
        let many = (0..<50_000).map { "Server \($0)" }
        let text = Array((many.joined(separator: "\n") + "\n" + long + "\nend").utf8)
        let got = try lines(text)
        #expect(got.count == many.count + 2)
        #expect(Array(got.prefix(many.count)) == many && got[many.count] == long && got.last == "end")
    }
}
