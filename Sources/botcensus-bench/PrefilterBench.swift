import BotCensusCore
import Fingerprint
import Foundation

/// botcensus's matcher (prefilter + first match in order) against a plain loop over every pattern of the
/// same engine, on the same banners; the answers (fingerprint and capture groups) must be identical.
/// Result fields are built from the groups on output, the same way for both, so they are not timed.
enum PrefilterBench {
    struct Row {
        var name: String
        var banners: Int
        var plain: Double
        var prefiltered: Double
        var identical: Bool
        var matched: Int
    }

    static func run(name: String, files: [String: [RecogFile]], corpus: [BannerCorpus.Item]) -> Row {
        let scratch = PCRE2Pattern.Scratch()
        var marks: [String: PrefilteredPatterns.Scratch] = [:]
        for file in files.values.joined() { marks[file.path] = file.prefilter.makeScratch() }
        var slowAnswers = [Int](repeating: -1, count: corpus.count)
        var fastAnswers = [Int](repeating: -1, count: corpus.count)
        let plain = measure {
            for (n, item) in corpus.enumerated() {
                item.bytes.withUnsafeBytes { subject in
                    for file in files[item.key] ?? [] {
                        if let hit = file.firstMatchWithoutPrefilter(subject, scratch: scratch) { slowAnswers[n] = file.fingerprints[hit.index].line; return }
                    }
                }
            }
        }
        let prefiltered = measure {
            for (n, item) in corpus.enumerated() {
                item.bytes.withUnsafeBytes { subject in
                    for file in files[item.key] ?? [] {
                        if let hit = file.firstMatch(subject, scratch: scratch, candidates: marks[file.path]!) { fastAnswers[n] = file.fingerprints[hit.index].line; return }
                    }
                }
            }
        }
        return Row(name: name, banners: corpus.count, plain: Double(corpus.count) / plain, prefiltered: Double(corpus.count) / prefiltered,
                   identical: slowAnswers == fastAnswers, matched: fastAnswers.filter { $0 >= 0 }.count)
    }
}

/// The same comparison through the `BannerMatcher` API, for our own signatures and for nmap's probes.
enum MatcherBench {
    static func run(name: String, items: [(String, BannerField)], fast: (String, BannerField) -> BannerMatch?,
                    slow: (String, BannerField) -> BannerMatch?) -> PrefilterBench.Row {
        var slowAnswers = [String?](repeating: nil, count: items.count)
        var fastAnswers = [String?](repeating: nil, count: items.count)
        // Params are compared in key order: two equal dictionaries may list their entries differently.
        func key(_ m: BannerMatch) -> String { m.signature + m.params.sorted { $0.key < $1.key }.map { "|\($0.key)=\($0.value)" }.joined() }
        let plain = measure { for (n, (b, f)) in items.enumerated() { slowAnswers[n] = slow(b, f).map(key) } }
        let prefiltered = measure { for (n, (b, f)) in items.enumerated() { fastAnswers[n] = fast(b, f).map(key) } }
        return PrefilterBench.Row(name: name, banners: items.count, plain: Double(items.count) / plain,
                                  prefiltered: Double(items.count) / prefiltered, identical: slowAnswers == fastAnswers,
                                  matched: fastAnswers.filter { $0 != nil }.count)
    }
}
