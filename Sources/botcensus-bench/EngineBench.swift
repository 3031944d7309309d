import Fingerprint
import Foundation

/// The same banner patterns in four engines: PCRE2's interpreter, PCRE2's JIT, Foundation's
/// NSRegularExpression (ICU) and Swift's `Regex`. Each banner runs every pattern; banners/s is reported.
enum EngineBench {
    struct Row {
        var engine: String
        var rate: Double
        var matches: Int
    }

    static func run(patterns sources: [(String, Bool)], banners: [String]) -> (Int, [Row]) {
        // Only patterns every engine accepts, so all run the same work.
        var pcreInterp: [PCRE2Pattern] = [], pcreJIT: [PCRE2Pattern] = [], ns: [NSRegularExpression] = []
        var swift: [Regex<AnyRegexOutput>] = []
        for (source, caseless) in sources where pcreJIT.count < 500 {
            let options: PCRE2Pattern.Options = caseless ? [.multiline, .caseless] : [.multiline]
            guard let a = try? PCRE2Pattern(source, options: options, jit: false),
                  let b = try? PCRE2Pattern(source, options: options, jit: true),
                  let c = try? NSRegularExpression(pattern: source, options: caseless ? [.caseInsensitive, .anchorsMatchLines] : [.anchorsMatchLines]),
                  var d = try? Regex(source) else { continue }
            d = d.anchorsMatchLineEndings()
            if caseless { d = d.ignoresCase() }
            pcreInterp.append(a); pcreJIT.append(b); ns.append(c); swift.append(d)
        }
        let bytes = banners.map { Array($0.utf8) }
        var rows: [Row] = []
        func pcre(_ name: String, _ list: [PCRE2Pattern]) {
            let scratch = PCRE2Pattern.Scratch()
            var matches = 0
            let t = measure {
                for b in bytes { b.withUnsafeBytes { s in for p in list where p.matches(s, scratch: scratch) { matches += 1 } } }
            }
            rows.append(Row(engine: name, rate: Double(banners.count) / t, matches: matches))
        }
        pcre("PCRE2 interpreter", pcreInterp)
        pcre("PCRE2 JIT", pcreJIT)
        var nsMatches = 0
        let nsTime = measure {
            for b in banners {
                let range = NSRange(b.startIndex..., in: b)
                for p in ns where p.firstMatch(in: b, options: [], range: range) != nil { nsMatches += 1 }
            }
        }
        rows.append(Row(engine: "NSRegularExpression", rate: Double(banners.count) / nsTime, matches: nsMatches))
        var swiftMatches = 0
        let swiftTime = measure {
            for b in banners { for p in swift where (try? p.firstMatch(in: b)) != nil { swiftMatches += 1 } }
        }
        rows.append(Row(engine: "Swift Regex", rate: Double(banners.count) / swiftTime, matches: swiftMatches))
        return (pcreJIT.count, rows)
    }
}
