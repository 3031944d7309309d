import BotCensusCore

/// Tells a connection's first SYN from its retransmissions the way p0f does: p0f keeps a flow per
/// client/server address and port pair for up to 30 seconds and reports a SYN with the flow's own
/// sequence number only once. Memory stays bounded: old flows are dropped as time passes.
public struct P0fFlowTracker: Sendable {
    /// p0f's CONN_MAX_AGE.
    public static let flowLifetime: Timestamp = 30

    private struct Key: Hashable, Sendable {
        var source: IPAddress, sourcePort: Int, destination: IPAddress, destinationPort: Int
    }

    private var flows: [Key: (sequence: UInt32, created: Timestamp)] = [:]
    private var lastPrune: Timestamp = -.infinity
    private let maxFlows: Int

    public init(maxFlows: Int = 100_000) { self.maxFlows = maxFlows }

    /// True when p0f would report this SYN; false for a retransmission of a SYN it already reported.
    public mutating func isNewConnection(_ segment: TCPSegment, at time: Timestamp) -> Bool {
        let key = Key(source: segment.ip.source, sourcePort: segment.tcp.sourcePort,
                      destination: segment.ip.destination, destinationPort: segment.tcp.destinationPort)
        prune(now: time)
        if let flow = flows[key], flow.sequence == segment.tcp.sequence, time - flow.created <= Self.flowLifetime {
            return false
        }
        flows[key] = (segment.tcp.sequence, time)
        return true
    }

    private mutating func prune(now: Timestamp) {
        guard now - lastPrune >= 1 || flows.count > maxFlows else { return }
        lastPrune = now
        flows = flows.filter { now - $0.value.created <= Self.flowLifetime }
        if flows.count > maxFlows {
            // A flood of distinct flows within 30 s: forget the oldest half rather than grow without bound.
            let keep = flows.sorted { $0.value.created > $1.value.created }.prefix(maxFlows / 2)
            flows = Dictionary(uniqueKeysWithValues: keep.map { ($0.key, $0.value) })
        }
    }
}
