import BotCensusCore
import Fingerprint
import Foundation

/// The `identify` benchmark's inputs, generated once per size and seed into DIR and reused (a `.done`
/// file beside each, written last, records what was written): Recog's http_servers banners one per line,
/// and a SYN capture.
struct IdentifyInputs {
    var banners: String
    var bannerLines: Int
    var bannerBytes: Int
    var pcap: String
    var pcapBytes: Int
    var syns: Int

    static let seed: UInt64 = 1

    static func prepare(dir: String, recog: String, banners bannerCount: Int, syns synCount: Int) throws -> IdentifyInputs {
        let banners = "\(dir)/banners-http-servers-\(bannerCount)-seed\(seed).txt"
        let pcap = "\(dir)/syns-\(synCount)-seed\(seed).pcap"
        let b = try reuseOrMake(banners) {
            benchNote("generating \(banners)")
            let servers = try RecogFile.load(path: recog + "/http_servers.xml")
            guard let out = ByteWriter(path: banners) else { throw BenchError("\(banners): cannot create") }
            let corpus = BannerCorpus.build(from: [servers], size: bannerCount, seed: seed)
            for item in corpus.prefix(bannerCount) {
                escape(item.bytes, into: out)
                out.byte(10)
                try out.flushIfFull()
            }
            try out.flush()
            return [out.written, min(bannerCount, corpus.count)]
        }
        let p = try reuseOrMake(pcap) {
            benchNote("generating \(pcap)")
            let r = try SynCaptureGenerator.write(path: pcap, syns: synCount, seed: seed)
            return [r.bytes, r.syns]
        }
        return IdentifyInputs(banners: banners, bannerLines: b[1], bannerBytes: b[0], pcap: pcap, pcapBytes: p[0], syns: p[1])
    }

    /// One banner as a line of `identify`'s stdin: `\`, CR, LF, TAB and other control bytes escaped the way
    /// `BannerEscapes` decodes them; bytes that are not UTF-8 as `\xNN`, so the decoded bytes are the banner's.
    static func escape(_ bytes: [UInt8], into out: ByteWriter) {
        let text = String(validating: bytes, as: UTF8.self) != nil
        let hex: [UInt8] = Array("0123456789abcdef".utf8)
        for b in bytes {
            switch b {
            case 0x5C: out.byte(0x5C); out.byte(0x5C)
            case 0x0D: out.byte(0x5C); out.byte(UInt8(ascii: "r"))
            case 0x0A: out.byte(0x5C); out.byte(UInt8(ascii: "n"))
            case 0x09: out.byte(0x5C); out.byte(UInt8(ascii: "t"))
            case _ where b < 0x20 || b == 0x7F || (b >= 0x80 && !text):
                out.byte(0x5C); out.byte(UInt8(ascii: "x")); out.byte(hex[Int(b >> 4)]); out.byte(hex[Int(b & 15)])
            default: out.byte(b)
            }
        }
    }

    private static func reuseOrMake(_ path: String, _ make: () throws -> [Int]) throws -> [Int] {
        let done = path + ".done"
        if let text = try? String(contentsOfFile: done, encoding: .utf8) {
            let numbers = text.split(whereSeparator: { $0 == " " || $0 == "\n" }).compactMap { Int($0) }
            let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? nil
            if numbers.count == 2, size == numbers[0] { return numbers }
        }
        try? FileManager.default.removeItem(atPath: done)
        let numbers = try make()
        try numbers.map(String.init).joined(separator: " ").write(toFile: done, atomically: true, encoding: .utf8)
        return numbers
    }
}
