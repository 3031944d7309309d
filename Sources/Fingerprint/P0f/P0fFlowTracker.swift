import BotCensusCore

/// Tells a connection's first SYN from its retransmissions the way p0f does: p0f keeps a flow per
/// client/server address and port pair for up to 30 seconds and reports a SYN with the flow's own
/// sequence number only once. Memory stays bounded: old flows are dropped as time passes.
///
/// Flows also sit in a queue in the order they were made, so dropping the expired ones looks only at the
/// oldest few: rebuilding the whole table once a second of capture time was a third of `identify syn`.
public struct P0fFlowTracker: Sendable {
    /// p0f's CONN_MAX_AGE.
    public static let flowLifetime: Timestamp = 30

    private struct Key: Hashable, Sendable {
        var source: IPAddress, sourcePort: Int, destination: IPAddress, destinationPort: Int
    }

    private struct Flow: Sendable {
        var sequence: UInt32
        var created: Timestamp
        /// Which queue entry made this flow: an older entry of the same key must not remove it.
        var stamp: Int
    }

    private var flows: [Key: Flow] = [:]
    /// Flows in the order they were made; entries before `head` are gone.
    private var queue: [(key: Key, created: Timestamp, stamp: Int)] = []
    private var head = 0
    private var nextStamp = 0
    private let maxFlows: Int

    public init(maxFlows: Int = 100_000) { self.maxFlows = maxFlows }

    /// True when p0f would report this SYN; false for a retransmission of a SYN it already reported.
    /// `keepsFlow` false: p0f drops the flow of a SYN labelled as a userland tool (NMap) right after
    /// reporting it, so a retransmission of that SYN is reported again.
    public mutating func isNewConnection(_ segment: TCPSegment, at time: Timestamp, keepsFlow: Bool = true) -> Bool {
        let key = Key(source: segment.ip.source, sourcePort: segment.tcp.sourcePort,
                      destination: segment.ip.destination, destinationPort: segment.tcp.destinationPort)
        prune(now: time)
        if let flow = flows[key], flow.sequence == segment.tcp.sequence, time - flow.created <= Self.flowLifetime {
            return false
        }
        guard keepsFlow else {
            flows.removeValue(forKey: key)
            return true
        }
        flows[key] = Flow(sequence: segment.tcp.sequence, created: time, stamp: nextStamp)
        queue.append((key, time, nextStamp))
        nextStamp += 1
        return true
    }

    private mutating func prune(now: Timestamp) {
        // Expired flows (a flow's age is checked on lookup too, so one left a little longer changes nothing).
        while head < queue.count, now - queue[head].created > Self.flowLifetime { dropOldest() }
        if flows.count > maxFlows {
            // A flood of distinct flows within 30 s: forget the oldest half rather than grow without bound.
            while flows.count > maxFlows / 2 && head < queue.count { dropOldest() }
        }
        if head > 4096 && head * 2 > queue.count {
            queue.removeFirst(head)
            head = 0
        }
    }

    private mutating func dropOldest() {
        let entry = queue[head]
        head += 1
        if flows[entry.key]?.stamp == entry.stamp { flows.removeValue(forKey: entry.key) }
    }
}
