import BotCensusCore
import Fingerprint
import Foundation

// botcensus-bench: prints the benchmark tables of README.
//   botcensus-bench [RECOG_XML_DIR]   fingerprint engines and the prefilter (the default)
//   botcensus-bench ingest [DIR]      evidence parsing and import beside mawk and tcpdump (IngestBench.swift)
//   botcensus-bench analysis [DIR]    attribute + census on the ThingBot world beside sqlite3 (AnalysisBench.swift)
//   botcensus-bench postgres [DIR]    import + census on the ThingBot world into SQLite and PostgreSQL beside psql \copy (PostgresBench.swift)
//   botcensus-bench scale [DIR] [--factors 1,3,10] [--postgres 1,3]   import + census as the ThingBot world grows (ScaleBench.swift)
//   botcensus-bench case [DIR]        import and export of a 700,000-connection Postfix log beside sqlite3 (CaseBench.swift)
//   botcensus-bench identify [DIR]    `identify` on banners and on SYNs beside Recog's Ruby matcher and p0f (IdentifyBench.swift)
//   botcensus-bench trap [DIR [N]]    `botcensus trap` beside smtp-sink under the same smtp-source load (TrapBench.swift)
//   botcensus-bench probe [DIR [D]]   `botcensus probe` beside nmap -sV on D emulated devices' services (ProbeBench.swift)
// The benchmarks with a name; without one, the engines and the prefilter (below).
let namedBenches: [String: ([String]) throws -> Void] = [
    "probe": ProbeBench.main,
    "trap": TrapBench.main,
    "analysis": AnalysisBench.main,
    "postgres": PostgresBench.main,
    "scale": ScaleBench.main,
    "case": CaseBench.main,
    "identify": IdentifyBench.main,
    "ingest": IngestBench.main,
]
if let name = CommandLine.arguments.dropFirst().first, let bench = namedBenches[name] {
    do {
        try bench(Array(CommandLine.arguments.dropFirst(2)))
        exit(0)
    } catch {
        FileHandle.standardError.write(Data("botcensus-bench \(name): \(error)\n".utf8))
        exit(1)
    }
}
let recogDirectory = CommandLine.arguments.dropFirst().first ?? "../shared/recog/xml"
guard FileManager.default.fileExists(atPath: recogDirectory) else {
    FileHandle.standardError.write(Data("botcensus-bench: \(recogDirectory) not found (give the Recog xml directory)\n".utf8))
    exit(1)
}
let recog = try RecogDatabase.load(directory: recogDirectory)
let servers = recog.files["http_header.server"] ?? []

print("Engines: 500 Recog patterns (http_servers, then html_title), every pattern on every banner (one core)\n")
// http_servers holds 450 fingerprints; html_title tops them up to 500 usable patterns.
let engineSources = (servers + (recog.files["html_title"] ?? [])).flatMap(\.fingerprints).map { fp in
    (fp.binaryPattern.pattern, false)
}
let engineBanners = BannerCorpus.build(from: servers, size: 2_000, seed: 7).map { String(decoding: $0.bytes, as: UTF8.self) }
let (patternCount, engineRows) = EngineBench.run(patterns: Array(engineSources), banners: engineBanners)
print("patterns accepted by all four engines: \(patternCount); banners: \(engineBanners.count)")
print("engine                banners/s     vs PCRE2 interp.  matches")
let interp = engineRows[0].rate
for r in engineRows {
    print(r.engine.padding(toLength: 20, withPad: " ", startingAt: 0), formatRate(r.rate).padding(toLength: 13, withPad: " ", startingAt: 0),
          String(format: "%8.2fx", r.rate / interp), "       ", r.matches)
}

print("\nPrefilter: first match in file order, botcensus vs a plain loop over all patterns (PCRE2 JIT, one core)\n")
let serverCorpus = BannerCorpus.build(from: servers, size: 200_000, seed: 1)
let allFiles = recog.files.keys.sorted().flatMap { recog.files[$0]! }
let allCorpus = BannerCorpus.build(from: allFiles, size: 200_000, seed: 2)
let rows = [PrefilterBench.run(name: "Recog http_servers", files: ["http_header.server": servers], corpus: serverCorpus),
            PrefilterBench.run(name: "Recog, all 50 files", files: recog.files, corpus: allCorpus)]
var matcherRows: [PrefilterBench.Row] = []
// Our own database: its examples, varied like the Recog corpus.
let own = try SignatureDatabase.builtIn()
var ownItems: [(String, BannerField)] = []
var ownRng = SplitMix64(seed: 3)
let ownSeeds = own.signatures.flatMap { s in s.examples.map { ($0.input, s.field) } }
while ownItems.count < 100_000 {
    let (input, field) = ownSeeds[Int(ownRng.next() % UInt64(ownSeeds.count))]
    let varied = ownRng.next() % 2 == 0 ? input : String(input.map { $0.isNumber ? Character(String(ownRng.next() % 10)) : $0 })
    ownItems.append((varied, field))
}
matcherRows.append(MatcherBench.run(name: "botcensus own", items: ownItems, fast: own.match, slow: own.matchWithoutPrefilter))
// nmap: Recog's ssh/ftp/smtp/telnet examples as the wire gave them (NULL probe) and Server headers (GetRequest).
if FileManager.default.fileExists(atPath: NmapServiceProbes.debianPath) {
    let nmap = try NmapServiceDatabase.load()
    var nmapItems: [(String, BannerField)] = []
    let wire: [(String, BannerField, String)] = [("ssh.banner", .sshBanner, "SSH-2.0-"), ("ftp.banner", .ftpBanner, "220 "),
                                                 ("smtp.banner", .smtpBanner, "220 "), ("telnet_banners", .telnetBanner, ""),
                                                 ("http_header.server", .httpServer, "")]
    for (key, field, prefix) in wire {
        for file in recog.files[key] ?? [] {
            for fp in file.fingerprints { for e in fp.examples { nmapItems.append((prefix + RecogText.decode(e.input) + (field == .ftpBanner || field == .smtpBanner ? "\r\n" : ""), field)) } }
        }
    }
    let base = nmapItems
    while nmapItems.count < 100_000 { nmapItems.append(contentsOf: base.prefix(100_000 - nmapItems.count)) }
    matcherRows.append(MatcherBench.run(name: "nmap service probes", items: nmapItems, fast: nmap.match, slow: nmap.matchWithoutPrefilter))
}
print("database              banners   all-patterns loop   botcensus        speed-up  identical  matched")
for r in rows + matcherRows {
    print(r.name.padding(toLength: 20, withPad: " ", startingAt: 0), String(r.banners).padding(toLength: 9, withPad: " ", startingAt: 0),
          formatRate(r.plain).padding(toLength: 19, withPad: " ", startingAt: 0), formatRate(r.prefiltered).padding(toLength: 16, withPad: " ", startingAt: 0),
          String(format: "%6.1fx", r.prefiltered / r.plain), "  ", r.identical ? "yes" : "NO ", "      ", r.matched)
}
