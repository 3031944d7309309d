import BotCensusCore
import Foundation

/// The metadata file at the end of a scan, in zgrab2's shape (`statuses` per module with `successes` and
/// `failures`, `start`, `end`, `duration`) plus the parameters that make the scan repeatable.
public struct ProbeMetadata: Sendable {
    public var start: Date
    public var end: Date
    public var arguments: [String]
    public var targets: Int
    public var shard: Int
    public var shards: Int
    public var seed: UInt64
    public var stoppedByScope: Int
    public var statuses: ProbeJSON

    public init(start: Date, end: Date, arguments: [String], targets: Int, shard: Int, shards: Int, seed: UInt64,
                stoppedByScope: Int, statuses: ProbeJSON) {
        self.start = start; self.end = end; self.arguments = arguments; self.targets = targets; self.shard = shard
        self.shards = shards; self.seed = seed; self.stoppedByScope = stoppedByScope; self.statuses = statuses
    }

    public var json: ProbeJSON {
        .object([
            ("statuses", statuses),
            ("start", .string(TimeFormat.rfc3339(start.timeIntervalSince1970))),
            ("end", .string(TimeFormat.rfc3339(end.timeIntervalSince1970))),
            ("duration", .string(String(format: "%.3fs", end.timeIntervalSince(start)))),
            ("cli", .array(arguments.map(ProbeJSON.string))),
            ("targets", .int(targets)),
            ("shard", .int(shard)), ("shards", .int(shards)), ("seed", .string(String(seed))),
            ("not_sent_outside_scope_or_blocked", .int(stoppedByScope)),
        ])
    }
}
