import BotCensusCore

/// Whether the prober's hop distances can be read against the traps'. A home gateway that answers the prober
/// from d hops sends its own spam from d hops, while the hosts behind it send from d + 1 — but only when the
/// prober sees the network from where the traps do (`probe --follow` beside the trap). A scanner elsewhere
/// counts other routes, so the case decides, never an assumption: where a device that is no gateway answered
/// close in time to the spam, whoever sent (the device, or a host beside it behind the same NAT) is as far
/// as the device, so the differences sender − answer pile up on one value, the offset between the two
/// vantage points. When they do not, or too few addresses say, the hop evidence stays unused.
public enum HopAlignment {
    /// Addresses with a non-gateway answer needed before the offset is trusted.
    public static let minimumAnchors = 20
    /// Share of those answers, and of the gateways' (at the offset or one behind it), that must agree.
    public static let agreement = 0.8

    /// The sender's hop distance minus the answering device's, when the device itself sends; nil when the
    /// case does not show one. `fresh`: the largest time from the spam to an answer that is read (the
    /// household must be the same one).
    public static func offset(_ evidence: [AddressEvidence], fresh: Double) -> Int? {
        var anchors: [Int: Int] = [:], gateways: [Int: Int] = [:]
        // Only addresses where something answered can say; most did not, and their SYNs are not grouped.
        for e in evidence where !e.observations.isEmpty {
            guard let sender = Attributor.senderClusters(e.senderSyns).first?.first?.distance else { continue }
            // One answer of each kind per address: a camera's three ports are one device, not three votes.
            var anchor: Int?, gateway: Int?
            for o in e.observations where anchor == nil || gateway == nil {
                guard let identity = o.identity, let answer = answerDistance(o),
                      Attributor.gap(o.time, e.spamTimes) <= fresh else { continue }
                if identity.deviceClass.isGateway { gateway = gateway ?? sender - answer } else { anchor = anchor ?? sender - answer }
            }
            if let a = anchor { anchors[a, default: 0] += 1 }
            if let g = gateway { gateways[g, default: 0] += 1 }
        }
        let anchorCount = anchors.values.reduce(0, +)
        guard anchorCount >= minimumAnchors,
              let mode = anchors.max(by: { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }),
              Double(mode.value) >= agreement * Double(anchorCount) else { return nil }
        // Gateways answer at the offset when they sent themselves and one behind it for the hosts behind them;
        // anything else means their distances (a CGN, a route the prober does not share) cannot be read.
        let gatewayCount = gateways.values.reduce(0, +)
        let fitting = gateways[mode.key, default: 0] + gateways[mode.key + 1, default: 0]
        guard gatewayCount < minimumAnchors || Double(fitting) >= agreement * Double(gatewayCount) else { return nil }
        return mode.key
    }

    /// What the answering devices' distances say about one address whose main sender is `sender` hops away.
    public struct Reading: Sendable {
        /// A likelihood factor per answering device (1: the distance says nothing).
        public var devices: [Double]
        /// The factor for "a router sent", the gateway's own class.
        public var router: Double

        /// Why device `i`'s factor is what it is, for the evidence entry.
        func reading(of i: Int, _ isGateway: Bool) -> String {
            switch (isGateway, devices[i] > 1) {
            case (true, true): return "as near as the gateway, it is the gateway itself"
            case (true, false): return "one hop behind the gateway, it is a host behind the NAT"
            default: return "one hop nearer than the device, it is the NAT gateway in front of it"
            }
        }
    }

    /// `answers`: per device, whether it is a home gateway, whether it answered close enough to the spam to be
    /// the same household's, and its SYN+ACK's distance. A gateway's hosts send from one hop behind it and the
    /// gateway from its own distance; a device behind the NAT is one hop behind its gateway, so a sender one
    /// hop nearer than the device is that gateway. Any other difference (a route that changed) says nothing.
    public static func read(sender: Int, offset: Int, ratio: Double, answers: [(isGateway: Bool, fresh: Bool, distance: Int?)]) -> Reading {
        var out = Reading(devices: Array(repeating: 1, count: answers.count), router: 1)
        var gatewayRead = false
        for (i, a) in answers.enumerated() where a.fresh {
            guard let d = a.distance else { continue }
            let difference = sender - d
            if a.isGateway, !gatewayRead, difference == offset || difference == offset + 1 {
                let f = difference == offset ? ratio : 1 / ratio
                out.devices[i] = f; out.router = f
                gatewayRead = true
            } else if !a.isGateway, difference == offset - 1 {
                out.devices[i] = 1 / ratio
            }
        }
        // A sender nearer than a forwarded device, and no gateway's own distance to say more: the gateway sent.
        if !gatewayRead, out.devices.contains(where: { $0 < 1 }) { out.router = ratio }
        return out
    }

    /// The hop distance of an answer's own SYN+ACK (`probe`'s capture), when it was taken.
    static func answerDistance(_ o: AddressEvidence.Observed) -> Int? {
        o.synAckSignature.flatMap { try? TCPSignature(parsing: $0) }?.distance
    }
}
