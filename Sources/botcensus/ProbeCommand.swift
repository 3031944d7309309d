import ArgumentParser
import BotCensusCore
import Fingerprint
import Foundation
import NIOCore
import NIOPosix
import Probe
import Store
import Synchronization
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

    @Option(help: "Split the targets among N probers (ZMap's sharding; with --follow, by a seeded hash of the address).")
    var shards = 1

    @Option(help: "This prober's shard, 0..<N.")
    var shard = 0

    @Option(help: "Seed of the target order; every shard of one scan must use the same.")
    var seed: UInt64 = 0

    @Option(help: "Fingerprint databases: own, recog:DIR, nmap[:FILE] (default as import).", transform: DatabaseSpec.init(parsing:))
    var db: DatabaseSpec?

    @Flag(help: "Keep watching the case (while trap writes it) and probe each new sending address as it appears.")
    var follow = false

    @Option(name: .customLong("reactive-delay"), help: "With --follow: the latest a new address is probed after its first spam, in seconds.")
    var reactiveDelay: Double = 60

    @Option(name: .customLong("reprobe-after"), help: "With --follow: probe an address that still sends again after this many seconds.")
    var reprobeAfter: Double = 86_400

    @Option(help: "With --follow: stop after this many seconds (default: until SIGTERM or Ctrl-C).")
    var duration: Double?

    func validate() throws {
        do { _ = try ProbeScope(scope: scope) } catch { throw ValidationError("\(error)") }
        if follow && casePath == nil { throw ValidationError("--follow watches a case: give --case") }
        if reactiveDelay < 1 || reprobeAfter < 1 { throw ValidationError("--reactive-delay and --reprobe-after must be at least 1 second") }
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
        let selected = modules.map { $0.split(separator: ",").compactMap { ProbeModules.named(String($0)) } } ?? ProbeModules.all
        let identifier = try FingerprintDatabases.identifier(db?.spec)
        try identifier.prepare(for: BannerField.allCases)
        let nmap = selected.contains { $0.name == "banner" } ? (try? NmapServiceProbes.load(path: NmapServiceProbes.debianPath)).map(NmapResponseMatcher.init) : nil
        let group = MultiThreadedEventLoopGroup(numberOfThreads: System.coreCount)
        defer { try? group.syncShutdownGracefully() }
        let connector = try ProbeConnector(group: group, scope: probeScope, connectTimeout: .nanoseconds(Int64(connectTimeout * 1e9)),
                                           readTimeout: .nanoseconds(Int64(readTimeout * 1e9)))
        let p0f = try? P0fDatabase(contentsOf: P0fDatabase.defaultPath)
        let (synAcks, noCapture) = SynAckCapture.start(matcher: p0f.map { P0fSynMatcher(database: $0, responses: true) })
        if let noCapture { Console.err("botcensus probe: \(noCapture)") }
        defer { synAcks?.stop() }
        let prober = Prober(connector: connector, options: .init(modules: selected, ports: ports.map { $0.ports.sorted() },
                                                                 rate: rate > 0 ? rate : nil, concurrency: concurrency,
                                                                 sessionTimeout: .nanoseconds(Int64(sessionTimeout * 1e9)), retries: retries),
                            identifier: identifier, nmap: nmap, synAcks: synAcks)
        let importer = store.map { CaseImporter(store: $0, identifier: identifier, options: CaseImporter.Options(format: "zgrab2")) }
        let sink = try output.map { try ResultSink(path: $0) } ?? (store == nil ? try ResultSink(path: nil) : nil)
        var targetCount = 0
        if follow, let store, let importer {
            targetCount = try followCase(store, prober: prober, importer: importer, sink: sink)
        } else {
            var list = try store.map { try $0.sendingAddresses().map { ProbeTarget(ip: $0.ip, firstSeen: $0.firstSeen) } }
                ?? TargetList.read(path: targets!)
            list = ShardPermutation(count: list.count, seed: seed).indices(shard: shard, of: shards).map { list[$0] }
            targetCount = list.count
            let walk = list
            let batch = try casePath.map { try ResultSink(path: CaseLocation.localStem($0) + ".probe-\(Int(started.timeIntervalSince1970))\(shardTag).jsonl") }
            let progress = TerminalProgress(label: "probe")
            Self.wait {
                await prober.run(walk) { record in
                    sink?.write(record.line)
                    batch?.write(record.line)
                    progress.record()
                }
            }
            progress.finish()
            try batch?.close()
            if let importer, let batch { Console.err(try importer.importFile(batch.path!) { Console.err($0) }.summaryLine) }
        }
        try sink?.close()
        let ended = Date()
        let summary = prober.summary
        if let metadata {
            let meta = ProbeMetadata(start: started, end: ended, arguments: Array(CommandLine.arguments.dropFirst()), targets: targetCount,
                                     shard: shard, shards: shards, seed: seed, stoppedByScope: connector.stoppedByScope,
                                     statuses: summary.statusesJSON)
            try meta.json.text.appending("\n").write(toFile: metadata, atomically: true, encoding: .utf8)
        }
        Console.err(String(format: "botcensus probe: %d targets, %d probes, %d answered, %d identified, %d not sent (outside scope or blocked), %.1f s",
                           targetCount, summary.total, summary.successes, summary.named, connector.stoppedByScope,
                           ended.timeIntervalSince(started)))
    }

    /// --follow: every second, the case's sending addresses not yet probed (or due again) are probed at once,
    /// each batch written to its own file beside the case and imported. Returns how many addresses it probed.
    func followCase(_ store: CaseStore, prober: Prober, importer: CaseImporter, sink: ResultSink?) throws -> Int {
        let stop = StopSignal()
        let deadline = duration.map { Date().addingTimeInterval($0) }
        var lastProbe: [IPAddress: Date] = [:]
        // Senders seen so far with their first and last spam, updated from the events added since the last look;
        // `waiting`: those with spam the prober has not answered yet (new, or sending again since their probe).
        var senders: [IPAddress: (first: Timestamp, last: Timestamp)] = [:]
        var waiting: Set<IPAddress> = []
        var lastEvent: Int64 = 0
        var batches = 0, probed = 0
        let shard = AddressShard(shard: self.shard, of: shards, seed: seed)
        Console.err("botcensus probe: following \(casePath!)\(shards > 1 ? " (shard \(self.shard) of \(shards))" : "") (new senders probed within \(Int(reactiveDelay)) s); SIGTERM or Ctrl-C stops")
        // Batches probed while the case could not be written (a database restart): imported once it is back.
        var unimported: [(path: String, count: Int, late: Int)] = []
        var unreachable: String?
        while !stop.requested && (deadline.map { Date() < $0 } ?? true) {
            let now = Date()
            let fresh: (senders: [(ip: IPAddress, firstSeen: Timestamp, lastSeen: Timestamp)], lastEvent: Int64)
            do {
                fresh = try store.newSendingAddresses(afterEvent: lastEvent)
                if unreachable != nil { Console.err("botcensus probe: the case answers again"); unreachable = nil }
            } catch {
                // The prober outlives the case's outages: said once, tried again every second.
                if unreachable == nil { Console.err("botcensus probe: \(error); trying again every second") }
                unreachable = "\(error)"
                usleep(1_000_000)
                continue
            }
            // The case answers: the batches it missed go in now. One that fails now fails for itself (its file
            // stays beside the case, said so), not for an outage, and is not tried again forever.
            while !unimported.isEmpty {
                let batch = unimported.removeFirst()
                do { try importBatch(batch, importer) } catch {
                    Console.err("botcensus probe: \(error); \(batch.path) was not imported: import it with botcensus import")
                }
            }
            lastEvent = fresh.lastEvent
            for sender in fresh.senders where shard.owns(sender.ip) {
                let known = senders[sender.ip]
                senders[sender.ip] = (min(known?.first ?? sender.firstSeen, sender.firstSeen), max(known?.last ?? sender.lastSeen, sender.lastSeen))
                waiting.insert(sender.ip)
            }
            var due: [ProbeTarget] = []
            for ip in waiting {
                let seen = senders[ip]!
                guard let last = lastProbe[ip] else { due.append(ProbeTarget(ip: ip, firstSeen: seen.first)); continue }
                // New rows of spam older than the probe (a log imported late) ask for nothing.
                if seen.last <= last.timeIntervalSince1970 { waiting.remove(ip); continue }
                if now.timeIntervalSince(last) >= reprobeAfter { due.append(ProbeTarget(ip: ip, firstSeen: seen.last)) }
            }
            due.sort { ($0.firstSeen!, $0.ip) < ($1.firstSeen!, $1.ip) }
            let targets = due
            if due.isEmpty {
                usleep(200_000)
                continue
            }
            batches += 1
            let path = CaseLocation.localStem(casePath!) + ".probe-\(Int(now.timeIntervalSince1970))-\(batches)\(shardTag).jsonl"
            let batch = try ResultSink(path: path)
            let late = Mutex(0)
            let reactiveDelay = self.reactiveDelay
            Self.wait {
                await prober.run(targets) { record in
                    sink?.write(record.line)
                    batch.write(record.line)
                    if let first = record.job.firstSeen, record.time - first > reactiveDelay { late.withLock { $0 += 1 } }
                }
            }
            try batch.close()
            for target in due { lastProbe[target.ip] = now; waiting.remove(target.ip) }
            probed += due.count
            let batchInfo = (path: path, count: due.count, late: late.withLock { $0 })
            do { try importBatch(batchInfo, importer) } catch {
                Console.err("botcensus probe: \(error); \(path) is imported when the case answers again")
                unimported.append(batchInfo)
            }
        }
        for batch in unimported { Console.err("botcensus probe: \(batch.path) was not imported (the case did not answer); import it with botcensus import") }
        return probed
    }

    private func importBatch(_ batch: (path: String, count: Int, late: Int), _ importer: CaseImporter) throws {
        let result = try importer.importFile(batch.path) { Console.err($0) }
        Console.err("probed \(batch.count) sending address\(batch.count == 1 ? "" : "es"): \(result.records) observations into the case"
                    + (batch.late > 0 ? "; \(batch.late) probes came later than --reactive-delay after the spam" : ""))
    }

    /// The shard in the names of the result files beside the case: probers of one case that share a folder
    /// (a PostgreSQL case's `./DB.probe-…`) never write one file.
    var shardTag: String { shards > 1 ? "-shard\(shard)of\(shards)" : "" }

    /// Runs async work from this synchronous command and waits for it.
    static func wait(_ work: @escaping @Sendable () async -> Void) {
        let done = DispatchSemaphore(value: 0)
        Task {
            await work()
            done.signal()
        }
        done.wait()
    }
}

/// SIGTERM and SIGINT ask --follow to stop after the batch in progress.
final class StopSignal: @unchecked Sendable {
    private let flag = Mutex(false)
    private var sources: [DispatchSourceSignal] = []

    init() {
        for number in [SIGTERM, SIGINT] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [unowned self] in self.flag.withLock { $0 = true } }
            source.resume()
            sources.append(source)
        }
    }

    var requested: Bool { flag.withLock { $0 } }
}

/// Where the result lines go: a file, or stdout (through the command's one buffer), one whole line at a time.
final class ResultSink: @unchecked Sendable {
    private let lock = NSLock()
    private let handle: FileHandle?
    let path: String?

    init(path: String?) throws {
        self.path = path
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
