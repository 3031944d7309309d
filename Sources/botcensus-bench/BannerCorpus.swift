import BotCensusCore
import Fingerprint
import Foundation

/// Benchmark inputs: Recog's own examples, multiplied into a large corpus by seeded variation (version
/// digits changed, case changed, suffixes added, a few bytes dropped) so most banners are realistic and
/// some match nothing.
struct BannerCorpus {
    struct Item {
        var key: String
        var bytes: [UInt8]
    }

    static func build(from files: [RecogFile], size: Int, seed: UInt64) -> [Item] {
        var seedItems: [Item] = []
        for file in files { for fp in file.fingerprints { for e in fp.examples { seedItems.append(Item(key: file.key, bytes: e.input)) } } }
        guard !seedItems.isEmpty else { return [] }
        var rng = SplitMix64(seed: seed)
        var out = seedItems
        let suffixes: [[UInt8]] = [Array(" (Ubuntu)".utf8), Array(" PHP/7.4.3".utf8), Array(" OpenSSL/1.1.1k".utf8), Array("/".utf8), []]
        while out.count < size {
            var item = seedItems[Int(rng.next() % UInt64(seedItems.count))]
            switch rng.next() % 5 {
            case 0: item.bytes = item.bytes.map { $0 >= 48 && $0 <= 57 ? UInt8(48 + rng.next() % 10) : $0 }
            case 1: item.bytes += suffixes[Int(rng.next() % UInt64(suffixes.count))]
            case 2: item.bytes = item.bytes.map { $0 >= 97 && $0 <= 122 && rng.next() % 4 == 0 ? $0 - 32 : $0 }
            case 3: if item.bytes.count > 4 { item.bytes.removeFirst(Int(rng.next() % 3) + 1) }
            default: break
            }
            out.append(item)
        }
        return out
    }
}


/// Wall-clock seconds of `body`.
func measure(_ body: () -> Void) -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func formatRate(_ perSecond: Double) -> String {
    if perSecond >= 1e6 { return String(format: "%.2f M/s", perSecond / 1e6) }
    if perSecond >= 1e3 { return String(format: "%.1f k/s", perSecond / 1e3) }
    return String(format: "%.0f /s", perSecond)
}
