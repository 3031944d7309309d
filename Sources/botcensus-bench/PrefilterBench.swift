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
