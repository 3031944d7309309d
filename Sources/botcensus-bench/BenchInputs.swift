import Foundation

/// The benchmark's input files, generated once per size and seed and reused afterwards: a `.done` file
/// beside each records what the generator wrote, and is written last, so a run cut short regenerates.
struct Inputs {
    var log: String
    var logBytes: Int
    var logLines: Int
    var clientLines: Int
    var pcap: String
    var pcapBytes: Int
    var packets: Int
    var syns: Int

    static let seed: UInt64 = 1

    static func prepare(dir: String, logBytes: Int, packets: Int) throws -> Inputs {
        let log = "\(dir)/postfix-\(logBytes >> 20)MiB-seed\(seed).log"
        let pcap = "\(dir)/trap-\(packets)pk-seed\(seed).pcap"
        let l = try reuseOrMake(log) {
            benchNote("generating \(log)")
            let r = try PostfixLogGenerator.write(path: log, targetBytes: logBytes, seed: seed)
            return [r.bytes, r.lines, r.clientLines]
        }
        let p = try reuseOrMake(pcap) {
            benchNote("generating \(pcap)")
            let r = try PcapGenerator.write(path: pcap, packets: packets, seed: seed)
            return [r.bytes, r.packets, r.syns]
        }
        return Inputs(log: log, logBytes: l[0], logLines: l[1], clientLines: l[2], pcap: pcap, pcapBytes: p[0], packets: p[1], syns: p[2])
    }

    private static func reuseOrMake(_ path: String, _ make: () throws -> [Int]) throws -> [Int] {
        let done = path + ".done"
        if let text = try? String(contentsOfFile: done, encoding: .utf8) {
            let numbers = text.split(whereSeparator: { $0 == " " || $0 == "\n" }).compactMap { Int($0) }
            let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? nil
            if numbers.count == 3, size == numbers[0] { return numbers }
        }
        try? FileManager.default.removeItem(atPath: done)
        let numbers = try make()
        try numbers.map(String.init).joined(separator: " ").write(toFile: done, atomically: true, encoding: .utf8)
        return numbers
    }
}
