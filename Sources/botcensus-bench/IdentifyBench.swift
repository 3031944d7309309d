import Foundation

/// `botcensus-bench identify [DIR] [--recog XML_DIR] [--banners N] [--syns N] [--recog-ruby DIR]`: the two
/// `identify` commands as users run them, release binary as a child process, beside the tool a user would
/// otherwise run on the same input, in one run. Banners: `botcensus identify --db recog:DIR --field
/// http.server --format jsonl < FILE` beside Recog's Ruby matcher (when Ruby, nokogiri and recog-ruby are
/// there); SYNs: `botcensus identify syn --pcap FILE --format jsonl` beside `p0f -r FILE`. Wall clock,
/// output to a file; botcensus best of 3, each peer once (after botcensus has warmed the page cache).
enum IdentifyBench {
    static func main(_ arguments: [String]) throws {
        var dir = NSTemporaryDirectory() + "botcensus-bench"
        var recog = "../shared/recog/xml"
        var bannerCount = 200_000, synCount = 500_000
        var rubyLibs = [ProcessInfo.processInfo.environment["RECOG_RUBY"]].compactMap { $0 }.map { $0 + "/lib" }
        var args = arguments[...]
        while let a = args.popFirst() {
            switch a {
            case "--recog": recog = args.popFirst() ?? recog
            case "--banners": bannerCount = Int(args.popFirst() ?? "") ?? bannerCount
            case "--syns": synCount = Int(args.popFirst() ?? "") ?? synCount
            case "--recog-ruby": rubyLibs.insert((args.popFirst() ?? "") + "/lib", at: 0)
            default: dir = a
            }
        }
        guard FileManager.default.fileExists(atPath: recog + "/http_servers.xml") else {
            throw BenchError("\(recog)/http_servers.xml not found (give Recog's xml folder with --recog)")
        }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        rubyLibs.append(dir + "/recog-ruby/lib")
        let botcensus = try siblingBinary("botcensus", builtBy: "bench-identify")
        let inputs = try IdentifyInputs.prepare(dir: dir, recog: recog, banners: bannerCount, syns: synCount)
        // The default databases must not pick up a Recog folder from the caller's environment.
        let env = ["BOTCENSUS_RECOG": ""]
        var rows: [Row] = []
        var agree = true

        // Banners.
        let lines = Double(inputs.bannerLines)
        let bannerSize = "\(grouped(inputs.bannerLines)) lines, \(mib(inputs.bannerBytes))"
        let ours = dir + "/identify-banners.jsonl"
        benchNote("botcensus identify --db recog:\(recog) --field http.server --format jsonl < \(inputs.banners)")
        let jsonl = try TimedChild.best(3, botcensus, ["identify", "--db", "recog:" + recog, "--field", "http.server", "--format", "jsonl"],
                                        stdin: inputs.banners, stdout: ours, environment: env, dir: dir)
        let ourDescriptions = try IdentifyAnswers.bannerDescriptions(ours)
        let matched = ourDescriptions.filter { !$0.isEmpty }.count
        var peerRate = "n/a", ratio: String = "", same = "\(grouped(matched)) of \(grouped(ourDescriptions.count)) matched; no peer"
        switch RecogRubyPeer.find(lib: rubyLibs, dir: dir) {
        case .success(let peer):
            benchNote("Recog's Ruby matcher (recog-ruby, Recog::Nizer.match) on the same lines, once")
            let theirsPath = dir + "/recog-ruby.out"
            let ruby = try TimedChild.run(peer.ruby, peer.arguments(recogXML: recog), stdin: inputs.banners, stdout: theirsPath, dir: dir)
            guard ruby.status == 0 else { throw BenchError("Recog's Ruby matcher failed (\(ruby.status)): \(ruby.stderr.suffix(2000))") }
            let theirs = try IdentifyAnswers.lines(theirsPath)
            let equal = zip(ourDescriptions, theirs).filter { $0 == $1 }.count
            let ok = theirs.count == ourDescriptions.count && equal == theirs.count
            agree = agree && ok
            peerRate = "Recog Ruby " + rate(lines / ruby.seconds, "banners")
            ratio = String(format: "%.1fx", ruby.seconds / jsonl.seconds)
            same = "\(ok ? "yes" : "NO") (\(grouped(equal)) of \(grouped(theirs.count)) lines name the same fingerprint; \(grouped(matched)) matched)"
        case .failure(let why):
            same += " (\(why))"
        }
        rows.append(Row(what: "banners: identify --db recog --field http.server, jsonl", size: bannerSize,
                        ours: rate(lines / jsonl.seconds, "banners"), peer: peerRate, ratio: ratio, agree: same))

        benchNote("the same as a table, and with the default databases (field guessed per banner)")
        let table = try TimedChild.best(3, botcensus, ["identify", "--db", "recog:" + recog, "--field", "http.server"],
                                        stdin: inputs.banners, environment: env, dir: dir)
        rows.append(Row(what: "  same, --format table", size: "", ours: rate(lines / table.seconds, "banners"), peer: "", ratio: "", agree: ""))
        let defaultDB = try TimedChild.best(3, botcensus, ["identify", "--format", "jsonl"], stdin: inputs.banners, environment: env, dir: dir)
        rows.append(Row(what: "  default --db (own, nmap), field guessed, jsonl", size: "", ours: rate(lines / defaultDB.seconds, "banners"),
                        peer: "", ratio: "", agree: ""))

        // SYNs.
        let syns = Double(inputs.syns)
        let synOut = dir + "/identify-syn.jsonl"
        benchNote("botcensus identify syn --pcap \(inputs.pcap) --format jsonl")
        let syn = try TimedChild.best(3, botcensus, ["identify", "syn", "--pcap", inputs.pcap, "--format", "jsonl"],
                                      stdout: synOut, environment: env, dir: dir)
        let ourLabels = try IdentifyAnswers.synLabels(synOut)
        let synSize = "\(grouped(inputs.syns)) SYNs, \(mib(inputs.pcapBytes))"
        if let p0f = ["/usr/sbin/p0f", "/usr/bin/p0f"].first(where: FileManager.default.isExecutableFile) ?? which("p0f") {
            benchNote("p0f -r \(inputs.pcap) -o LOG (stdout to /dev/null), once")
            let log = dir + "/p0f.log"
            try? FileManager.default.removeItem(atPath: log)
            let theirs = try TimedChild.run(p0f, ["-r", inputs.pcap, "-o", log], environment: ["TZ": "UTC"], dir: dir)
            guard theirs.status == 0 else { throw BenchError("p0f -r failed (\(theirs.status)): \(theirs.stderr.suffix(2000))") }
            let theirLabels = try IdentifyAnswers.p0fLabels(log)
            let ok = theirLabels == ourLabels
            agree = agree && ok
            let reported = theirLabels.values.reduce(0, +)
            let labelled = reported - (theirLabels["???"] ?? 0)
            var detail = "\(theirLabels.count) labels, \(grouped(labelled)) of \(grouped(reported)) SYNs labelled by p0f, same count per label"
            if !ok { detail = differences(ours: ourLabels, theirs: theirLabels) }
            rows.append(Row(what: "SYNs: identify syn --pcap, jsonl", size: synSize, ours: rate(syns / syn.seconds, "SYNs"),
                            peer: "p0f -r " + rate(syns / theirs.seconds, "SYNs"), ratio: String(format: "%.1fx", theirs.seconds / syn.seconds),
                            agree: "\(ok ? "yes" : "NO") (\(detail))"))
        } else {
            rows.append(Row(what: "SYNs: identify syn --pcap, jsonl", size: synSize, ours: rate(syns / syn.seconds, "SYNs"),
                            peer: "n/a", ratio: "", agree: "p0f is not installed (apt-get install p0f)"))
        }
        let synTable = try TimedChild.best(3, botcensus, ["identify", "syn", "--pcap", inputs.pcap], environment: env, dir: dir)
        rows.append(Row(what: "  same, --format table", size: "", ours: rate(syns / synTable.seconds, "SYNs"), peer: "", ratio: "", agree: ""))

        print("\nIdentify: the commands as users run them (release binary, a child process each, output to a file), beside the peer tool")
        print("botcensus best of 3, peer once; rate = input lines or SYNs / wall-clock seconds from start to exit\n")
        let headers = ["input", "size", "botcensus", "peer", "speed-up", "same answer"]
        let cells = [headers] + rows.map { [$0.what, $0.size, $0.ours, $0.peer, $0.ratio, $0.agree] }
        print(BenchTable.text(cells))
        if !agree { throw BenchError("botcensus and the peer disagree (see the table)") }
    }

    struct Row {
        var what: String, size: String, ours: String, peer: String, ratio: String, agree: String
    }

    /// The labels whose counts differ, for the table.
    static func differences(ours: [String: Int], theirs: [String: Int]) -> String {
        let keys = Set(ours.keys).union(theirs.keys).filter { ours[$0] != theirs[$0] }.sorted()
        return keys.prefix(4).map { "\($0): \(ours[$0] ?? 0) vs p0f \(theirs[$0] ?? 0)" }.joined(separator: "; ")
            + (keys.count > 4 ? "; \(keys.count - 4) more" : "")
    }

    static func rate(_ perSecond: Double, _ unit: String) -> String { IngestBench.rate(perSecond, unit) }
    static func mib(_ bytes: Int) -> String { IngestBench.mib(bytes) }
    static func grouped(_ n: Int) -> String { IngestBench.grouped(n) }
}
