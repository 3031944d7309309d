import BotCensusCore
import Fingerprint
import Foundation
import Ingest
import NIOCore

/// Runs probe jobs: each target's jobs in the seeded shard order, at most `concurrency` at once, starts
/// spaced by the rate limiter, each bounded by its session deadline, retried on timeouts. Each finished job
/// is identified by the fingerprint engine at once and handed to `emit` as a zgrab2 line.
public final class Prober: @unchecked Sendable {
    public struct Options: Sendable {
        public var modules: [any ProbeModule]
        public var ports: [Int]?
        public var rate: Double?
        public var concurrency: Int
        public var sessionTimeout: TimeAmount
        public var retries: Int

        public init(modules: [any ProbeModule], ports: [Int]?, rate: Double?, concurrency: Int, sessionTimeout: TimeAmount, retries: Int) {
            self.modules = modules; self.ports = ports; self.rate = rate; self.concurrency = concurrency
            self.sessionTimeout = sessionTimeout; self.retries = retries
        }
    }

    let connector: ProbeConnector
    let options: Options
    let identifier: Identifier?
    let nmap: NmapResponseMatcher?
    let limiter: RateLimiter
    let synAcks: SynAckCapture?
    public let summary = ScanSummary()

    public init(connector: ProbeConnector, options: Options, identifier: Identifier?, nmap: NmapResponseMatcher?,
                synAcks: SynAckCapture? = nil) {
        self.connector = connector
        self.synAcks = synAcks
        self.options = options
        self.identifier = identifier
        self.nmap = nmap
        limiter = RateLimiter(perSecond: options.rate)
    }

    /// Probes `targets` (already in walk order); `emit` gets each job's record, from any task, one at a time.
    public func run(_ targets: [ProbeTarget], emit: @escaping @Sendable (ProbeRecord) -> Void) async {
        let jobs = targets.lazy.flatMap { ProbeJob.jobs(for: $0, modules: self.options.modules, ports: self.options.ports) }
        await withTaskGroup(of: Void.self) { group in
            var running = 0
            for job in jobs {
                if running >= options.concurrency {
                    await group.next()
                    running -= 1
                }
                await limiter.acquire()
                running += 1
                group.addTask { emit(await self.perform(job)) }
            }
            await group.waitForAll()
        }
    }

    func perform(_ job: ProbeJob) async -> ProbeRecord {
        var attempt = 0
        while true {
            let started = Date().timeIntervalSince1970
            let context = ProbeContext(ip: job.ip, port: job.port, deadline: .now() + options.sessionTimeout,
                                       connector: connector, nmap: nmap)
            do {
                let found = try await job.module.probe(context)
                let record = ProbeRecord(job: job, time: started, status: .success, error: nil, result: found,
                                         identity: identify(job, found, time: started), synAck: await synAcks?.reading(ip: job.ip, port: job.port))
                summary.count(record)
                return record
            } catch {
                let failure = ProbeError.from(error)
                let retriable = failure.status == .connectionTimeout || failure.status == .ioTimeout
                if retriable && attempt < options.retries {
                    attempt += 1
                    continue
                }
                let record = ProbeRecord(job: job, time: started, status: failure.status, error: failure.description, result: nil,
                                         identity: nil, synAck: await synAcks?.reading(ip: job.ip, port: job.port))
                summary.count(record)
                return record
            }
        }
    }

    /// The identity the fingerprint engine gives the fields `import` would read from this result.
    func identify(_ job: ProbeJob, _ found: ModuleResult, time: Timestamp) -> DeviceIdentity? {
        guard let identifier else { return nil }
        let proto = found.protocolName ?? job.module.name
        var fields = Zgrab2Format.bannerFields(protocol: proto, result: found.result.foundationObject as? [String: Any] ?? [:])
        for (key, value) in found.fields where fields[key] == nil { fields[key] = value }
        guard !fields.isEmpty else { return nil }
        return identifier.identify(ServiceObservation(ip: job.ip, port: job.port, time: time, proto: proto, fields: fields,
                                                      source: SourceRef(file: "probe", line: 0)))
    }
}
