import ArgumentParser
import BotCensusCore
import Fingerprint
import Foundation
import NIOCore
import NIOPosix
import Probe
import Store
import Workflow

struct ProbeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe",
        abstract: "Probe the sending addresses (or a target list) like zgrab2, only inside --scope.",
        discussion: """
            Modules: \(ProbeModules.names.joined(separator: ", ")). Output is zgrab2's JSON Lines (to --output, or \
            stdout), each result identified by the fingerprint engine at once; with --case the results are also \
            imported into the case. No socket is opened to an address outside --scope, in --blocklist, or in the \
            reserved ranges (private, loopback, documentation, multicast, …) unless the scope names a range inside \
            them. Targets: ip, ip,port or ip,port,module per line.
            """
    )

    @Option(name: .customLong("case"), help: "Probe the case's sending addresses and import the results into it.")
    var casePath: String?

    @Option(help: "Targets file (ip, ip,port or ip,port,module per line); - reads stdin.")
    var targets: String?

    @Option(help: "Networks that may be probed: CIDR[,CIDR…] (required).")
    var scope: String

    @Option(help: "Networks never to probe, in ZMap's blocklist format.")
    var blocklist: String?

    @Option(help: "Ports for targets without one (default: each module's own).")
    var ports: PortList?

    @Option(help: "Modules to run (default: all): \(ProbeModules.names.joined(separator: ","))")
    var modules: String?

    @Option(help: "Probe starts per second (0: no limit).")
    var rate: Double = 1000

    @Option(help: "Probes at once.")
    var concurrency = 200

    @Option(name: .customLong("connect-timeout"), help: "Seconds to wait for a TCP connection.")
    var connectTimeout: Double = 5

    @Option(name: .customLong("read-timeout"), help: "Seconds to wait for each answer.")
    var readTimeout: Double = 5

    @Option(name: .customLong("session-timeout"), help: "Seconds a whole probe (all its connections) may take.")
    var sessionTimeout: Double = 20

    @Option(help: "Retries of a probe that timed out.")
    var retries = 1

    @Option(help: "Write the zgrab2 JSON Lines here (default: stdout, unless --case).")
    var output: String?

    @Option(help: "Write zgrab2-style metadata (start, end, parameters, per-module counts) here.")
    var metadata: String?

    @Option(help: "Split the targets among N probers (ZMap's sharding).")
    var shards = 1

    @Option(help: "This prober's shard, 0..<N.")
    var shard = 0

    @Option(help: "Seed of the target order; every shard of one scan must use the same.")
    var seed: UInt64 = 0

    @Option(help: "Fingerprint databases: own, recog:DIR, nmap[:FILE] (default as import).", transform: DatabaseSpec.init(parsing:))
    var db: DatabaseSpec?

    func validate() throws {
        if casePath == nil && targets == nil { throw ValidationError("give --case (its sending addresses) or --targets FILE (- for stdin)") }
        if casePath != nil && targets != nil { throw ValidationError("give --case or --targets, not both") }
        if shards < 1 || !(0..<shards).contains(shard) { throw ValidationError("--shard must be 0..<--shards (\(shards))") }
        if concurrency < 1 || concurrency > 100_000 { throw ValidationError("--concurrency must be 1..100000") }
        if rate < 0 { throw ValidationError("--rate must not be negative") }
        if retries < 0 || retries > 10 { throw ValidationError("--retries must be 0..10") }
        for t in [connectTimeout, readTimeout, sessionTimeout] where !(t > 0 && t <= 3600) {
            throw ValidationError("timeouts must be more than 0 and at most 3600 seconds")
        }
        if let modules {
            for name in modules.split(separator: ",") where ProbeModules.named(String(name)) == nil {
                throw ValidationError("--modules: no module '\(name)' (modules: \(ProbeModules.names.joined(separator: ",")))")
            }
        }
    }

    func run() throws {
        let started = Date()
        let probeScope = try ProbeScope(scope: scope, blocklist: try blocklist.map { try ZMapBlocklist(path: $0) } ?? ZMapBlocklist(networks: []))
        let store = try casePath.map { try CaseStore(path: $0, mode: .existing) }
        var list: [ProbeTarget]
        if let store {
            list = try store.sendingAddresses().map { ProbeTarget(ip: $0.ip, firstSeen: $0.firstSeen) }
        } else {
            list = try TargetList.read(path: targets!)
        }
        let order = ShardPermutation(count: list.count, seed: seed).indices(shard: shard, of: shards)
        list = order.map { list[$0] }
        let selected = modules.map { $0.split(separator: ",").compactMap { ProbeModules.named(String($0)) } } ?? ProbeModules.all
        let identifier = try FingerprintDatabases.identifier(db?.spec)
        try identifier.prepare(for: BannerField.allCases)
        let nmap = selected.contains { $0.name == "banner" } ? (try? NmapServiceProbes.load(path: NmapServiceProbes.debianPath)).map(NmapResponseMatcher.init) : nil

        let outputPath = output ?? (casePath.map { $0 + ".probe-\(Int(started.timeIntervalSince1970)).jsonl" })
        let sink = try ResultSink(path: outputPath)
        let group = MultiThreadedEventLoopGroup(numberOfThreads: System.coreCount)
        defer { try? group.syncShutdownGracefully() }
        let connector = try ProbeConnector(group: group, scope: probeScope, connectTimeout: .nanoseconds(Int64(connectTimeout * 1e9)),
                                           readTimeout: .nanoseconds(Int64(readTimeout * 1e9)))
        let prober = Prober(connector: connector, options: .init(modules: selected, ports: ports.map { $0.ports.sorted() },
                                                                 rate: rate > 0 ? rate : nil, concurrency: concurrency,
                                                                 sessionTimeout: .nanoseconds(Int64(sessionTimeout * 1e9)), retries: retries),
                            identifier: identifier, nmap: nmap)
        let progress = TerminalProgress(label: "probe")
        let done = DispatchSemaphore(value: 0)
        let targetsInScope = list
        Task {
            await prober.run(targetsInScope) { record in
                sink.write(record.line)
                progress.record()
            }
            done.signal()
        }
        done.wait()
        progress.finish()
        try sink.close()
        let ended = Date()

        let summary = prober.summary
        if let metadata {
            let meta = ProbeMetadata(start: started, end: ended, arguments: Array(CommandLine.arguments.dropFirst()), targets: list.count,
                                     shard: shard, shards: shards, seed: seed, stoppedByScope: connector.stoppedByScope,
                                     statuses: summary.statusesJSON)
            try meta.json.text.appending("\n").write(toFile: metadata, atomically: true, encoding: .utf8)
        }
        Console.err(String(format: "botcensus probe: %d targets, %d probes, %d answered, %d identified, %d not sent (outside scope or blocked), %.1f s",
                           list.count, summary.total, summary.successes, summary.named, connector.stoppedByScope,
                           ended.timeIntervalSince(started)))
        if let store, let outputPath {
            let importer = CaseImporter(store: store, identifier: identifier, options: CaseImporter.Options(format: "zgrab2"))
            let result = try importer.importFile(outputPath) { Console.err($0) }
            Console.err(result.summaryLine)
        }
    }
}

/// Where the result lines go: a file, or stdout (through the command's one buffer), one whole line at a time.
final class ResultSink: @unchecked Sendable {
    private let lock = NSLock()
    private let handle: FileHandle?

    init(path: String?) throws {
        if let path {
            guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
                throw ValidationError("--output \(path): cannot create the file")
            }
            self.handle = handle
        } else {
            handle = nil
        }
    }

    func write(_ line: String) {
        lock.lock(); defer { lock.unlock() }
        if let handle { handle.write(Data((line + "\n").utf8)) } else { Console.out(line + "\n") }
    }

    func close() throws {
        lock.lock(); defer { lock.unlock() }
        if let handle { try handle.synchronize(); try handle.close() } else { Console.stdout.flush() }
    }
}
