import BotCensusCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Attribution v0: one verdict per address from a small Bayesian model.
///
/// Hypotheses: "exposed device i sent the spam" for each distinct identified device that answered the scan,
/// or "another host sent it" (whose class is drawn from the prior). Each piece of evidence multiplies the
/// hypotheses' odds; every evidence entry records its log-likelihood ratio, oriented so that a positive
/// weight supports the verdict that was reached. See docs/ATTRIBUTION.md.
public struct Attributor: Sendable {
    public var model: AttributionModel

    /// Per OS family, the classes a stack of that family cannot tell apart (each at least a quarter as likely
    /// as the best, prior included), said in the `sender-syn` entry so a reader knows which part of the
    /// verdict rests on other evidence. Fixed by the model, so made once.
    let ambiguity: [OSFamily: String]

    public init(model: AttributionModel = AttributionModel()) {
        self.model = model
        var notes: [OSFamily: String] = [:]
        let classes = DeviceClass.senderClasses.filter { model.prior[$0] != nil }
        for family in OSFamily.allCases where family != .unknown {
            let support = classes.map { (c: $0, w: model.prior[$0, default: 0] * model.os(family, given: $0)) }
            let strongest = support.map(\.w).max() ?? 0
            let alike = support.filter { $0.w >= strongest / 4 }.sorted { $0.w > $1.w }.map(\.c.rawValue)
            if alike.count > 1 { notes[family] = "; this stack alone cannot separate \(alike.joined(separator: ", "))" }
        }
        ambiguity = notes
    }

    /// A distinct device that answered: identity plus the observation nearest in time to the spam.
    struct Device {
        var identity: DeviceIdentity
        var ports: [Int]
        var nearestGap: Double
        var seen: Timestamp
        /// The initial TTL of the device's own SYN+ACK (the prober's capture), nearest the spam: its stack's
        /// family whatever its banner suggests (a DVR UI on Windows Embedded answers with 128).
        var answeredTTL: Int?
        /// The hop distance of that SYN+ACK.
        var answeredDistance: Int?
    }

    /// The verdict contract for one address (rendered from `attribution(for:)`).
    public func verdict(for evidence: AddressEvidence, splitHosts: Bool = true) -> Verdict {
        VerdictRenderer.render(attribution(for: evidence, splitHosts: splitHosts))
    }

    /// `splitHosts: false` skips counting hosts from clock lines and IP-ID runs, which no probability depends
    /// on; `explain: false` skips the evidence entries and the exposed devices' times as text. Both are for
    /// callers that read only the class probabilities (the prior fit, the census's per-sender mix), which
    /// attribute every address several times: the text was most of their cost.
    public func attribution(for evidence: AddressEvidence, splitHosts: Bool = true, explain: Bool = true) -> Attribution {
        let times = evidence.spamTimes     // sorted
        let first = times.first ?? 0, last = times.last ?? 0
        typealias Kind = AttributionEvidence.Kind
        var entries = EvidenceEntries(explain: explain)

        // --- The sender's SYNs: clusters of (stack, distance) are distinct hosts.
        let ordered = Attributor.senderClusters(evidence.senderSyns)
        let mainSyn = ordered.first?.first
        let senderFamily = mainSyn?.os ?? .unknown

        // --- Hosts among SYNs of one stack: TCP clock lines (Kohno) and IP-ID runs (Bellovin), from pcaps.
        let samples = !splitHosts ? [] : evidence.senderSyns.map {
            SynSample($0)
        }
        let clockSplit = splitHosts ? TimestampLines.split(samples) : nil
        let idSplit = splitHosts ? (evidence.synsThinned ? evidence.ipidSplit : IPIDRuns.split(samples)) : nil
        if let c = clockSplit {
            entries.add((c.randomTimestamps ? .randomTimestamps : .timestampLines, c.detail, nil, nil))
        }
        if let r = idSplit, r.hosts > max(1, ordered.count) { entries.add((.ipidRuns, r.detail, nil, nil)) }

        // --- Devices that answered, deduplicated by what they are.
        var devicesByKey: [String: Device] = [:]
        var exposed: [Verdict.ExposedDevice] = []
        for o in evidence.observations.sorted(by: { ($0.port, $0.time) < ($1.port, $1.time) }) {
            // The prior fit reads which classes answered, never when: the time's text is made only to explain.
            exposed.append(Verdict.ExposedDevice(port: o.port, deviceClass: o.identity?.deviceClass ?? .unknown,
                                                 vendor: o.identity?.vendor, product: o.identity?.product,
                                                 seen: explain ? TimeFormat.rfc3339(o.time) : ""))
            guard let identity = o.identity else { continue }
            let gap = Attributor.gap(o.time, times)
            let synAck = o.synAckSignature.flatMap { try? TCPSignature(parsing: $0) }
            let ttl = synAck?.initialTTL, distance = synAck?.distance
            // Services of one class at one address (ssh, http, smtp of a server) are one device.
            let key = identity.deviceClass.rawValue
            if var d = devicesByKey[key] {
                if !d.ports.contains(o.port) { d.ports.append(o.port) }
                if gap < d.nearestGap {
                    d.nearestGap = gap; d.seen = o.time
                    d.answeredTTL = ttl ?? d.answeredTTL; d.answeredDistance = distance ?? d.answeredDistance
                }
                if d.answeredTTL == nil { d.answeredTTL = ttl }
                if d.answeredDistance == nil { d.answeredDistance = distance }
                devicesByKey[key] = d
            } else {
                devicesByKey[key] = Device(identity: identity, ports: [o.port], nearestGap: gap, seen: o.time, answeredTTL: ttl,
                                           answeredDistance: distance)
            }
        }
        var devices = devicesByKey.values.sorted { Attributor.naiveRank($0) < Attributor.naiveRank($1) }
        // A generic embedded banner (BusyBox telnet, bare dropbear) beside a named device is most likely
        // that device's own shell, not a second device.
        if devices.contains(where: { $0.identity.deviceClass != .iotOther }) {
            devices.removeAll { $0.identity.deviceClass == .iotOther }
        }
        let naiveClass = devices.first?.identity.deviceClass ?? .unknown
        let freshDevices = devices.filter { $0.nearestGap <= model.staleAfter }
        let allStale = !devices.isEmpty && freshDevices.isEmpty

        // --- Hypothesis weights (unnormalised): each device, and "another host" per class.
        var deviceWeight = [Double](repeating: 0, count: devices.count)
        let gatewayPresent = devices.contains { $0.identity.deviceClass.isGateway }
        let devicePrior = devices.isEmpty ? 0 : (gatewayPresent ? model.gatewaySentPrior : model.deviceSentPrior)
        // A device sent only if it held the address at spam time (occupancy, from the lease model) and then
        // sent (`devicePrior`); "another host sent" covers both the rest of that case and the address being
        // someone else's then. (Leaving out the second made every occupancy below 1 count against the device,
        // and the prior fit drained the device-sent rate toward 0 on a late-scan IoT world: iot-swarm.)
        var heldShare = 0.0
        for (i, d) in devices.enumerated() {
            let occupancy = exp(-d.nearestGap / model.leaseTime)
            heldShare += occupancy / Double(devices.count)
            deviceWeight[i] = devicePrior / Double(devices.count) * occupancy
        }
        // Classes are always visited in taxonomy order so sums, and so outputs, are the same in every run.
        let classes = model.priorClasses
        let prior = model.priorValues
        let priorTotal = prior.reduce(0, +)
        // "Another host of class classes[k] sent": one weight per class, in the same order as `classes`.
        var otherWeight = prior.map { (1 - devicePrior * heldShare) * $0 / priorTotal }

        // Devices' own evidence entries.
        if let g = devices.first(where: { $0.identity.deviceClass.isGateway }) {
            entries.add((.exposedGateway,
                            "\(Attributor.describe(g)) is a home gateway: the address is a NAT router's, shared by every host behind it",
                            log(model.gatewaySentPrior / (1 - model.gatewaySentPrior)) - log(model.deviceSentPrior / (1 - model.deviceSentPrior)), nil))
        }
        if devices.count >= 2 {
            entries.add((.severalDevicesAnswer,
                            devices.map(Attributor.describe).joined(separator: " and ") + " answer at one address: port forwarding behind a NAT",
                            nil, nil))
        }
        // The prober's SYN+ACKs: ports of one address answered by different TCP stacks (or from different hop
        // distances) are different hosts, whatever their banners say: a port forwarded behind the NAT.
        let stacks = !explain ? [:] : Dictionary(grouping: evidence.observations.compactMap { o in o.synAckSignature.map { (port: o.port, sig: $0) } }, by: \.sig)
        if stacks.count >= 2 {
            let parts = stacks.keys.sorted { (stacks[$0]!.map(\.port).min()!, $0) < (stacks[$1]!.map(\.port).min()!, $1) }.map { sig in
                let ports = Set(stacks[sig]!.map(\.port)).sorted().map(String.init)
                return "port\(ports.count == 1 ? "" : "s") \(ports.joined(separator: ", ")) answered as \(sig)"
            }
            entries.add((.severalStacksAnswer,
                            parts.joined(separator: "; ") + ": \(stacks.count) TCP stacks at one address, a port forwarded to a host behind a NAT",
                            nil, nil))
        }
        for d in devices {
            if d.nearestGap > model.staleAfter {
                entries.add((.staleObservation,
                                "\(Attributor.describe(d)) was seen \(TimeFormat.duration(d.nearestGap)) from the nearest spam; addresses change hands (lease ~\(TimeFormat.duration(model.leaseTime)))",
                                -d.nearestGap / model.leaseTime, nil))
            }
        }

        // SYN OS against each hypothesis.
        if let syn = mainSyn {
            let stack = syn.stackKey
            for (i, d) in devices.enumerated() {
                let pDevice = model.os(senderFamily, givenDevice: d.identity, answeredTTL: d.answeredTTL)
                    * model.stackFactor(stack, class: d.identity.deviceClass)
                let pOther = model.osGivenOtherHost(senderFamily)
                deviceWeight[i] *= pDevice
                let llr = log(pDevice / pOther)
                let kind: Kind = llr >= 0 ? .synOSMatch : .synOSMismatch
                entries.add((kind,
                             "sender SYN is \(senderFamily.rawValue) (\(syn.osLabel ?? "no p0f label"), initial TTL \(syn.signature.initialTTL)\(syn.distance.map { ", \($0) hops" } ?? "")); \(Attributor.describe(d)) runs \(Attributor.deviceOS(d, sender: senderFamily))",
                             llr, nil))
            }
            let factors = model.stackFactorRow(stack)
            for (k, c) in classes.enumerated() { otherWeight[k] *= model.os(senderFamily, given: c) * (factors?[c.ordinal] ?? 1) }
        } else if !devices.isEmpty {
            entries.add((.noSenderSyn, "no SYN of the spam connections is in evidence: the sender's OS is unknown", 0, nil))
        }

        // Several distinct sender stacks or distances: several hosts, so not the device alone.
        if ordered.count >= 2 {
            for i in deviceWeight.indices { deviceWeight[i] *= model.severalStacksIfDevice }
            for k in otherWeight.indices { otherWeight[k] *= model.severalStacksIfOther }
            let summary = ordered.map { cluster in
                let s = cluster[0]
                return "\(s.os.rawValue) TTL \(s.signature.initialTTL)\(s.distance.map { "-\($0)" } ?? "") ×\(Attributor.synCount(cluster))"
            }.joined(separator: ", ")
            entries.add((.severalSenderStacks,
                            "\(ordered.count) distinct SYN signatures or hop distances send from this address (\(summary)): several hosts behind one NAT",
                            devices.isEmpty ? nil : log(model.severalStacksIfDevice / model.severalStacksIfOther), nil))
        }

        // A scanned address where nothing answered: servers serve, PCs do not — if the scan met the sender's
        // household, which the time between spam and scan makes less likely (the occupancy of the lease model).
        let silentOccupancy = evidence.observations.isEmpty ? evidence.scanWindow.map { w -> Double in
            exp(-Attributor.gap(w, times) / model.leaseTime)
        } : nil
        if let occ = silentOccupancy {
            for (k, c) in classes.enumerated() { otherWeight[k] *= model.silent(c, occupancy: occ) }
        }

        // Hop distances of senders at one address and time: a NAT gateway sends one hop nearer than the
        // hosts behind it.
        if let main = ordered.first, let d = main[0].distance, ordered.count >= 2 {
            // Only senders whose SYNs interleave in time: two households that held the address one after the
            // other never do, and their distances say nothing about each other.
            let first = main.map { $0.time }.min() ?? 0, last = main.map { $0.time }.max() ?? 0
            let together = ordered.dropFirst().filter { c in
                (c.map { $0.time }.min() ?? .infinity) < last && (c.map { $0.time }.max() ?? -.infinity) > first
            }
            let others = Set(together.compactMap { $0[0].distance })
            var factor: Double?
            if others.contains(d + 1) && !others.contains(d - 1) { factor = model.gatewayHopRatio }
            else if others.contains(d - 1) && !others.contains(d + 1) { factor = 1 / model.gatewayHopRatio }
            if let f = factor {
                if let r = classes.firstIndex(of: .router) { otherWeight[r] *= f }
                for i in devices.indices where devices[i].identity.deviceClass.isGateway { deviceWeight[i] *= f }
                entries.add((.gatewayHop, f > 1
                    ? "the main sender is \(d) hops away and another sender at this address \(d + 1): one hop nearer, it is the NAT gateway itself"
                    : "the main sender is \(d) hops away and another sender at this address \(d - 1): one hop behind that sender, it is a host behind the NAT",
                    nil, log(f)))
            }
        }

        // The answers' own hop distances, where the case shows they line up with its senders' (HopAlignment):
        // a gateway's hosts send from one hop behind it, and a gateway sends from one hop before the devices it
        // forwards to. Without this an embedded-Linux TV behind a router that answers was blamed on the router
        // at 0.8 (stress world-06: 20 named `router`, 4 right), and a router that sent was blamed on the
        // camera or TV it forwards to (proof world-12: 18). The router class's factor is the gateway's own below.
        if let offset = model.answerHopOffset, let s = mainSyn?.distance {
            let fresh = devices.map { $0.nearestGap <= model.staleAfter }
            let hops = HopAlignment.read(sender: s, offset: offset, ratio: model.answerHopRatio,
                                         answers: devices.indices.map { (devices[$0].identity.deviceClass.isGateway, fresh[$0], devices[$0].answeredDistance) })
            for (i, f) in hops.devices.enumerated() where f != 1 {
                deviceWeight[i] *= f
                entries.add((.gatewayHop, "the main sender is \(s) hops away and \(Attributor.describe(devices[i])) answered from \(devices[i].answeredDistance ?? 0)"
                                + (offset == 0 ? "" : " (the case's answers are \(offset) hops off its senders)") + ": " + hops.reading(of: i, devices[i].identity.deviceClass.isGateway),
                             log(f), nil))
            }
            if hops.router != 1, let r = classes.firstIndex(of: .router) { otherWeight[r] *= hops.router }
        }

        // A home gateway answered, fresh: "another host of class router sent" is that same box (a second router
        // behind a home gateway is a double NAT, rare in homes), so its mass is the gateway's own. (On the
        // reactive heavy-churn world this halved the routers that sent but were cleared, 51 to 27.)
        if let g = devices.indices.first(where: { devices[$0].identity.deviceClass.isGateway && devices[$0].nearestGap <= model.staleAfter }),
           let r = classes.firstIndex(of: .router) {
            deviceWeight[g] += otherWeight[r]
            otherWeight[r] = 0
        }

        // --- Normalise.
        let total = deviceWeight.reduce(0, +) + otherWeight.reduce(0, +)
        var probabilities: [DeviceClass: Double] = [:]
        for (k, c) in classes.enumerated() { probabilities[c, default: 0] += otherWeight[k] / total }
        for (i, d) in devices.enumerated() { probabilities[d.identity.deviceClass, default: 0] += deviceWeight[i] / total }
        let pDevice = deviceWeight.reduce(0, +) / total
        let best = probabilities.max { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key } ?? (key: .unknown, value: 0)
        // Don't know beats wrong: a class is named only when its posterior reaches `nameClassAt`; below, the
        // verdict says `unknown` and the probabilities say what is and is not known.
        let top = best.key
        let senderClass = best.value >= model.nameClassAt ? top : .unknown

        // --- Verdict.
        let kind: Verdict.Kind
        if devices.isEmpty {
            kind = .noEvidence
        } else if allStale {
            kind = .stale
        } else if pDevice >= model.decisive, let top = devices.indices.max(by: { deviceWeight[$0] < deviceWeight[$1] }) {
            kind = devices[top].identity.deviceClass.isGateway ? .gatewaySent : .deviceSent
        } else if pDevice <= 1 - model.decisive {
            kind = .otherHostBehindNAT
        } else {
            kind = .ambiguous
        }

        if devices.isEmpty {
            let answered = evidence.observations.isEmpty ? "nothing answered the scan" : "what answered matched no signature"
            entries.add((.nothingIdentified, "\(answered): only the sender's own traffic speaks", nil, nil))
        }
        if let syn = mainSyn {
            let pClass = model.os(senderFamily, given: top)
            var rest = 0.0, restPrior = 0.0
            for (k, c) in classes.enumerated() where c != top { rest += prior[k] * model.os(senderFamily, given: c); restPrior += prior[k] }
            let llr = log(pClass / (rest / restPrior))
            entries.add((.senderSyn,
                            "\(evidence.synCount) SYN(s) of the spam connections; main stack \(senderFamily.rawValue): \(syn.reason)\(ambiguity[senderFamily] ?? "")",
                            nil, llr))
        }

        if let occ = silentOccupancy {
            var rest = 0.0, restPrior = 0.0
            for (k, c) in classes.enumerated() where c != top { rest += prior[k] * model.silent(c, occupancy: occ); restPrior += prior[k] }
            let llr = log(model.silent(top, occupancy: occ) / max(1e-12, rest / max(1e-12, restPrior)))
            entries.add((.silentAddress, "the scan found nothing answering here (the scan met the spam-time household with probability \(Attributor.round(occ, 2))): servers answer, PCs and phones do not", nil, llr))
        }

        if senderClass == .unknown && explain {
            let leading = probabilities.filter { $0.value >= 0.05 }.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            let iot = probabilities.filter { $0.key.isIoT }.reduce(0) { $0 + $1.value }
            entries.add((.classUndecided,
                            "no class reaches \(Attributor.round(model.nameClassAt, 2)): " + leading.map { "\($0.key.rawValue) \(Attributor.floor($0.value, 2))" }.joined(separator: ", ")
                                + "; an IoT class in all with \(Attributor.round(iot, 2))",
                            nil, nil))
        }

        let toward: Double = (kind == .otherHostBehindNAT || kind == .stale) ? -1 : 1
        let evidenceOut = entries.items.map { e in
            AttributionEvidence(kind: e.kind, detail: e.detail, weight: e.llrDevice.map { $0 * toward } ?? e.llrClass ?? 0)
        }

        // --- Hosts behind the address: distinct sender stacks, plus devices that answered but did not send.
        var senders = max(1, ordered.count)
        var method = mainSyn != nil ? "syn-signatures" : (devices.isEmpty ? "none" : "observations")
        if let c = clockSplit, !c.randomTimestamps, c.hosts > senders { senders = c.hosts; method = "tcp-timestamp-lines" }
        if let r = idSplit, r.hosts > senders { senders = r.hosts; method = "ipid-runs" }
        let devicePosteriors = devices.indices.map { deviceWeight[$0] / total }
        let fresh = devices.indices.filter { devices[$0].nearestGap <= model.staleAfter }
        let extraLikely = fresh.filter { devicePosteriors[$0] < 0.5 }.count
        let extraSure = fresh.filter { devicePosteriors[$0] < 0.2 }.count
        let extraPossible = fresh.filter { devicePosteriors[$0] < 0.8 }.count
        let unseenSender = mainSyn == nil ? 1 : 0
        let hosts = Verdict.HostCount(estimate: senders + extraLikely, low: senders + extraSure,
                                      high: senders + extraPossible + unseenSender,
                                      method: method, senders: mainSyn != nil ? senders : nil)
        // Senders alone: what the SYNs separate is a floor; where neither clock lines nor IP-ID runs could split
        // hosts of one stack (or no SYN is in evidence), one more may hide behind the same signature.
        let splitUsable = (clockSplit.map { !$0.randomTimestamps && $0.hosts > 0 } ?? false) || (idSplit.map { $0.hosts > 0 } ?? false)
        let sendersCount = mainSyn == nil
            ? Verdict.SenderCount(estimate: 1, low: 1, high: 2, method: "none")
            : Verdict.SenderCount(estimate: senders, low: senders, high: senders + (splitUsable ? 0 : 1), method: method)

        let senderOS = mainSyn.map { Verdict.SenderOS(family: $0.os, label: $0.osLabel, quality: $0.quality) }
        return Attribution(ip: evidence.ip, firstSeen: first, lastSeen: last, messages: evidence.messages,
                           connections: evidence.connections, verdict: kind, naiveClass: naiveClass, posterior: probabilities,
                           senderClass: senderClass, confidence: best.value, exposedDeviceSent: devices.isEmpty ? nil : pDevice,
                           devicesHeld: devices.isEmpty ? nil : pDevice + (1 - pDevice) * Attributor.otherHeldShare(devicePrior, heldShare),
                           hosts: hosts, senders: sendersCount, exposedDevices: exposed, senderOS: senderOS, evidence: evidenceOut)
    }

    /// Of the "another host sent" mass, the share where an answering device still held the address (and did
    /// not send): occ(1 − d) of 1 − d·occ.
    static func otherHeldShare(_ d: Double, _ held: Double) -> Double {
        let rest = 1 - d * held
        return rest > 0 ? held * (1 - d) / rest : 0
    }

    /// The 2014 method's pick among what answered: a named device class before a generic one, then the
    /// lowest port (the web UI on 80 is what such reports showed).
    static func naiveRank(_ d: Device) -> (Int, Int, String) {
        (d.identity.deviceClass == .iotOther || d.identity.deviceClass == .unknown ? 1 : 0, d.ports.min() ?? 0, d.identity.signature)
    }

    /// What a device's own stack is, for the `syn-os-match`/`-mismatch` entry.
    static func deviceOS(_ d: Device, sender: OSFamily) -> String {
        var os = d.identity.os == .unknown ? "a \(d.identity.deviceClass.rawValue) stack" : d.identity.os.rawValue
        if let ttl = d.answeredTTL {
            os += OSFamily.families(initialTTL: ttl).contains(sender) ? ", and its own SYN+ACK (initial TTL \(ttl)) fits the sender's stack"
                : ", and its own SYN+ACK (initial TTL \(ttl)) is another stack than the sender's"
        }
        return os
    }

    static func describe(_ d: Device) -> String {
        let name = [d.identity.vendor, d.identity.product].compactMap { $0 }.joined(separator: " ")
        let ports = d.ports.sorted().map(String.init).joined(separator: ",")
        return "port \(ports) \(d.identity.deviceClass.rawValue)\(name.isEmpty ? "" : " (\(TerminalText.escape(name)))")"
    }

    /// Seconds between a time window and the nearest spam time (0 when one falls inside).
    static func gap(_ w: ClosedRange<Timestamp>, _ sortedTimes: [Timestamp]) -> Double {
        guard !sortedTimes.isEmpty else { return .infinity }
        // The first time at or after the window's start: inside the window, or none is.
        var lo = 0, hi = sortedTimes.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if sortedTimes[mid] < w.lowerBound { lo = mid + 1 } else { hi = mid }
        }
        if lo < sortedTimes.count && sortedTimes[lo] <= w.upperBound { return 0 }
        return min(gap(w.lowerBound, sortedTimes), gap(w.upperBound, sortedTimes))
    }

    /// Seconds from `t` to the nearest spam time (infinite when there is none).
    static func gap(_ t: Timestamp, _ sortedTimes: [Timestamp]) -> Double {
        guard !sortedTimes.isEmpty else { return .infinity }
        var lo = 0, hi = sortedTimes.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if sortedTimes[mid] < t { lo = mid + 1 } else { hi = mid }
        }
        var best = Double.infinity
        if lo < sortedTimes.count { best = min(best, abs(sortedTimes[lo] - t)) }
        if lo > 0 { best = min(best, abs(sortedTimes[lo - 1] - t)) }
        return best
    }

    /// The sender SYNs by host (stack and distance), most SYNs first, ties by host key: the first is the
    /// address's main sender, whose stack and distance attribution reads.
    static func senderClusters(_ syns: [AddressEvidence.SenderSyn]) -> [[AddressEvidence.SenderSyn]] {
        // Most addresses have one sender: said without a dictionary.
        guard let first = syns.first?.host, syns.contains(where: { $0.host != first }) else { return syns.isEmpty ? [] : [syns] }
        var clusters: [HostKey: [AddressEvidence.SenderSyn]] = [:]
        for syn in syns { clusters[syn.host, default: []].append(syn) }
        return clusters.values.map { ($0, synCount($0)) }
            .sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0[0].hostKey < $1.0[0].hostKey }.map(\.0)
    }

    /// The SYNs these stand for (`SenderSyn.count`).
    static func synCount(_ syns: [AddressEvidence.SenderSyn]) -> Int { syns.reduce(0) { $0 + $1.count } }

    /// Cut, not rounded: a class just under the naming threshold must not read as reaching it ("pc 0.7").
    static func floor(_ x: Double, _ digits: Int) -> Double {
        let f = pow(10.0, Double(digits))
        return (x * f).rounded(.down) / f
    }

    static func round(_ x: Double, _ digits: Int) -> Double {
        let f = pow(10.0, Double(digits))
        return (x * f).rounded() / f
    }
}
