import BotCensusCore
import Foundation

/// One finished probe, written as a zgrab2 line: `{"ip":…,"port":…,"data":{"<module>":{"status":…,
/// "protocol":…,"port":…,"result":{…},"timestamp":…}}}`; a failure carries zgrab2's status name and
/// `error`. Our additions sit beside zgrab2's keys: `identity` (what the fingerprint engine named) and
/// `delay_from_spam_seconds` (targets from a case).
public struct ProbeRecord: Sendable {
    public var job: ProbeJob
    public var time: Timestamp
    public var status: ProbeStatus
    public var error: String?
    public var result: ModuleResult?
    public var identity: DeviceIdentity?
    /// The SYN+ACK the port answered with (captured with root).
    public var synAck: SynAckCapture.Reading?

    public var json: ProbeJSON {
        var module: [(String, ProbeJSON)] = [
            ("status", .string(status.rawValue)),
            ("protocol", .string(result?.protocolName ?? job.module.name)),
            ("port", .int(job.port)),
        ]
        if let result { module.append(("result", result.result)) }
        module.append(("timestamp", .string(TimeFormat.rfc3339(time))))
        if let error { module.append(("error", .string(error))) }
        if let synAck {
            module.append(("synack", .object([("raw_sig", .string(synAck.rawSignature)), ("label", synAck.label.map(ProbeJSON.string) ?? .null),
                                              ("dist", .int(synAck.distance)), ("ttl", .int(synAck.ttl)), ("window", .int(synAck.window))])))
        }
        if let firstSeen = job.firstSeen { module.append(("delay_from_spam_seconds", .double(((time - firstSeen) * 10).rounded() / 10))) }
        if let identity {
            module.append(("identity", .object([
                ("class", .string(identity.deviceClass.rawValue)), ("vendor", identity.vendor.map(ProbeJSON.string) ?? .null),
                ("product", identity.product.map(ProbeJSON.string) ?? .null), ("version", identity.version.map(ProbeJSON.string) ?? .null),
                ("os", .string(identity.os.rawValue)), ("signature", .string(identity.signature)), ("database", .string(identity.database)),
                ("field", .string(identity.field)),
            ])))
        }
        return .object([("ip", .string(job.ip.description)), ("port", .int(job.port)), ("data", .object([(job.module.name, .object(module))]))])
    }

    public var line: String { json.text }
}

/// Per-module counts as zgrab2's metadata keeps them (`successes`, `failures`), with each status counted.
public final class ScanSummary: @unchecked Sendable {
    private let lock = NSLock()
    private var counts: [String: [ProbeStatus: Int]] = [:]
    private var identified = 0

    func count(_ record: ProbeRecord) {
        lock.lock(); defer { lock.unlock() }
        counts[record.job.module.name, default: [:]][record.status, default: 0] += 1
        if record.identity != nil { identified += 1 }
    }

    public var total: Int { lock.lock(); defer { lock.unlock() }; return counts.values.reduce(0) { $0 + $1.values.reduce(0, +) } }
    public var successes: Int { lock.lock(); defer { lock.unlock() }; return counts.values.reduce(0) { $0 + ($1[.success] ?? 0) } }
    public var named: Int { lock.lock(); defer { lock.unlock() }; return identified }

    /// `statuses` of the metadata file.
    public var statusesJSON: ProbeJSON {
        lock.lock(); defer { lock.unlock() }
        return .object(counts.keys.sorted().map { name in
            let byStatus = counts[name]!
            let successes = byStatus[.success] ?? 0
            let failures = byStatus.values.reduce(0, +) - successes
            return (name, .object([("successes", .int(successes)), ("failures", .int(failures)),
                                   ("by_status", .object(byStatus.keys.sorted { $0.rawValue < $1.rawValue }.map { ($0.rawValue, .int(byStatus[$0]!)) }))]))
        })
    }
}
