import BotCensusCore

/// Empirical Bayes: what the model cannot know in advance is fitted to the case by EM. The model's
/// family-level likelihoods (what a class's SYN and banners look like) hold everywhere; these do not:
/// - the class mix of the senders (a home-line PC botnet, an IoT swarm, a server farm);
/// - how often an answering device, or a home gateway, is itself the sender;
/// - which exact stacks each class runs within its OS family, learned only from addresses where one named
///   device answered, weighted by the posterior that it sent (they teach that a TTL-64, no-window-scale
///   Linux 2.6 stack is a router's and not a camera's; unanchored addresses would echo the prior back).
/// Each round attributes the addresses under the current model and takes posterior-weighted means as the
/// next values, smoothed toward the built-in ones by `pseudoAddresses` (Dirichlet/Beta priors) so a class the
/// case never shows keeps a small weight. Calibration across simulated worlds rests on it
/// (docs/ATTRIBUTION.md): a fixed prior is right for one world only.
public enum PriorFit {
    public struct Result: Sendable {
        public var model: AttributionModel
        public var rounds: Int
        /// Largest change of any class weight in the last round.
        public var lastChange: Double
    }

    static let ratePseudoAddresses = 5.0
    /// P(stack | family, class) is smoothed toward P(stack | family) by this many SYNs. Measured on iot-swarm:
    /// 5 or 10 named more classes, but with confidences further from their accuracy (ECE 0.09–0.13 against 0.07).
    static let stackPseudoSYNs = 20.0

    /// `evidence` may be a sample of the case's addresses (the fit needs thousands, not millions).
    public static func fit(_ evidence: [AddressEvidence], base: AttributionModel, rounds: Int = 60,
                           pseudoAddresses: Double = 20, tolerance: Double = 1e-4) -> Result {
        let classes = DeviceClass.senderClasses.filter { base.prior[$0] != nil }
        let baseTotal = classes.reduce(0) { $0 + base.prior[$1, default: 0] }
        var model = base
        var change = 0.0
        var round = 0
        guard !evidence.isEmpty else { return Result(model: model, rounds: 0, lastChange: 0) }
        let stacks = evidence.map(mainStack)
        // P(stack | family) over the case: the neutral value of the stack refinement.
        var familyCounts: [OSFamily: Double] = [:], stackCounts: [String: (OSFamily, Double)] = [:]
        for s in stacks.compactMap({ $0 }) {
            familyCounts[s.family, default: 0] += 1
            stackCounts[s.key, default: (s.family, 0)].1 += 1
        }
        model.stackGivenFamily = stackCounts.mapValues { $0.1 / familyCounts[$0.0, default: 1] }
        while round < rounds {
            round += 1
            let attributor = Attributor(model: model)
            var mass = [Double](repeating: 0, count: classes.count)
            var counted = 0.0
            var device = (sent: 0.0, cases: 0.0), gateway = (sent: 0.0, cases: 0.0)
            var stackMass: [DeviceClass: [String: Double]] = [:]
            var familyMass: [DeviceClass: [OSFamily: Double]] = [:]
            // The typed posteriors, unrounded (the fit never reads the rendered verdict), on every core; summed
            // below in address order, so the fit is the same as a sequential one.
            let attributions = evidence.parallelMap { attributor.attribution(for: $0, splitHosts: false, explain: false) }
            for (k, a) in attributions.enumerated() {
                let p = a.posterior
                let total = classes.reduce(0) { $0 + (p[$1] ?? 0) }
                guard total > 0 else { continue }
                // The class mix is the prior of the "another host sent" hypotheses, so it learns from their
                // share of the posterior: an answering device's own mass is taken out.
                let answeringClasses = a.answeringClasses
                let pd = a.exposedDeviceSent ?? 0
                var other = classes.map { (p[$0] ?? 0) / total }
                if pd > 0, pd < 0.999, answeringClasses.count == 1, let only = answeringClasses.first, let dc = classes.firstIndex(of: only) {
                    other[dc] = max(0, other[dc] - pd)
                    let rest = other.reduce(0, +)
                    if rest > 0 { other = other.map { $0 / rest } }
                }
                if pd >= 0.999 { other = [] }
                for (i, w) in other.enumerated() { mass[i] += w }
                if !other.isEmpty { counted += 1 }
                // Stacks are learned only where a device named itself and, by the posterior, sent: soft
                // counts from addresses nothing anchors would only echo the prior back.
                if let s = stacks[k], let sent = a.exposedDeviceSent, answeringClasses.count == 1, let c = answeringClasses.first {
                    stackMass[c, default: [:]][s.key, default: 0] += sent
                    familyMass[c, default: [:]][s.family, default: 0] += sent
                }
                // The rates are P(sent | the device held the address then): divided by the posterior that it did,
                // not by the addresses, or every stale observation would pull them down (iot-swarm: to 0.02).
                if let sent = a.exposedDeviceSent, let held = a.devicesHeld {
                    if a.exposedDevices.contains(where: { $0.deviceClass.isGateway }) { gateway.sent += sent; gateway.cases += held }
                    else { device.sent += sent; device.cases += held }
                }
            }
            let n = counted
            change = 0
            for (k, c) in classes.enumerated() {
                let next = (mass[k] + pseudoAddresses * base.prior[c, default: 0] / baseTotal) / (n + pseudoAddresses)
                change = max(change, abs(next - (model.prior[c, default: 0] / classes.reduce(0) { $0 + model.prior[$1, default: 0] })))
                model.prior[c] = next
            }
            // Rates seen at every answering address: a lighter prior than the class mix (5 addresses), so a
            // small case's own gateways speak (held-out world-36: 20 kept a router blamed for its Linux PCs).
            let d = (device.sent + ratePseudoAddresses * base.deviceSentPrior) / (device.cases + ratePseudoAddresses)
            let g = (gateway.sent + ratePseudoAddresses * base.gatewaySentPrior) / (gateway.cases + ratePseudoAddresses)
            change = max(change, abs(d - model.deviceSentPrior), abs(g - model.gatewaySentPrior))
            model.deviceSentPrior = min(0.98, d)
            model.gatewaySentPrior = min(0.98, g)
            // P(stack | family, class), smoothed toward P(stack | family) with `pseudoAddresses` SYNs.
            var learned: [DeviceClass: [String: Double]] = [:]
            for c in classes {
                var row: [String: Double] = [:]
                for (key, value) in stackCounts {
                    let inFamily = familyMass[c]?[value.0] ?? 0
                    let own = stackMass[c]?[key] ?? 0
                    row[key] = (own + stackPseudoSYNs * model.stackGivenFamily[key, default: 0]) / (inFamily + stackPseudoSYNs)
                }
                learned[c] = row
            }
            model.stackGivenClass = learned
            if change < tolerance { break }
        }
        return Result(model: model, rounds: round, lastChange: change)
    }

    /// The stack most of the address's sender SYNs show, with its OS family.
    static func mainStack(_ e: AddressEvidence) -> (key: String, family: OSFamily)? {
        var counts: [String: (OSFamily, Int)] = [:]
        for s in e.senderSyns { counts[s.stackKey, default: (s.os, 0)].1 += s.count }
        guard let best = counts.max(by: { $0.value.1 != $1.value.1 ? $0.value.1 < $1.value.1 : $0.key > $1.key }) else { return nil }
        return (best.key, best.value.0)
    }
}
