import BotCensusCore
import Testing
@testable import Analysis

/// Builders for hand-made evidence. SYN readings are given directly: Analysis takes them as input.
enum Make {
    static let day = 86400.0
    static let t0 = TimeFormat.timestamp(year: 2026, month: 1, day: 6, hour: 3, minute: 0, second: 0)

    static func syn(_ raw: String, _ os: OSFamily, at t: Double = t0, label: String? = nil) -> AddressEvidence.SenderSyn {
        let sig = try! TCPSignature(parsing: raw)
        return AddressEvidence.SenderSyn(time: t, signature: sig, distance: sig.distance, os: os, osLabel: label,
                                         quality: label == nil ? "inferred" : "generic", reason: "test")
    }

    static let windows = "4:114+14:0:1460:mss*44,8:mss,nop,ws,nop,nop,sok:df,id+:0"
    static let linux = "4:52+12:0:1460:mss*44,7:mss,sok,ts,nop,ws:df,id+:0"
    static let embedded = "4:55+9:0:1460:mss*4,0:mss,sok,ts:df,id+:0"

    static func device(_ c: DeviceClass, os: OSFamily = .embeddedLinux, port: Int = 80, at t: Double = t0 + 3600,
                       vendor: String = "Acme") -> AddressEvidence.Observed {
        AddressEvidence.Observed(port: port, time: t, proto: "http",
                                 identity: DeviceIdentity(deviceClass: c, vendor: vendor, product: "\(c.rawValue) UI", version: nil, os: os,
                                                          signature: "test-\(c.rawValue)", database: "test", field: "http.title"))
    }

    static func address(_ syns: [AddressEvidence.SenderSyn], _ observed: [AddressEvidence.Observed], messages: Int = 5) -> AddressEvidence {
        AddressEvidence(ip: IPAddress("203.0.113.7")!, spamTimes: (0..<messages).map { t0 + Double($0) * 60 }, messages: messages,
                        connections: messages, senderSyns: syns, observations: observed)
    }
}

@Suite struct AttributionRuleTests {
    let attributor = Attributor()

    @Test func synOSMismatchBlamesAnotherHostBehindTheNAT() {
        let v = attributor.verdict(for: Make.address([Make.syn(Make.windows, .windows)], [Make.device(.appliance)]))
        #expect(v.verdict == .otherHostBehindNAT)
        #expect(v.naiveClass == .appliance)
        #expect(v.senderClass == .pc)
        #expect(v.confidence > 0.9)
        let mismatch = v.evidence.first { $0.kind == "syn-os-mismatch" }
        #expect(mismatch != nil)
        #expect((mismatch?.weight ?? 0) > 2, "a Windows SYN from a Linux fridge's address is strong evidence")
        #expect(v.hostsBehindIP.estimate == 2)
        #expect(v.exposedDevices.first?.deviceClass == .appliance)
    }

    @Test func matchingSYNNamesTheDeviceTheSender() {
        let v = attributor.verdict(for: Make.address([Make.syn(Make.embedded, .embeddedLinux)], [Make.device(.dvr)]))
        #expect(v.verdict == .deviceSent)
        #expect(v.senderClass == .dvr)
        #expect(v.evidence.contains { $0.kind == "syn-os-match" && $0.weight > 1 })
        #expect(v.hostsBehindIP.estimate == 1)
    }

    @Test func gatewayThatSendsItselfIsGatewaySent() {
        let v = attributor.verdict(for: Make.address([Make.syn(Make.embedded, .embeddedLinux)], [Make.device(.router)]))
        #expect(v.verdict == .gatewaySent)
        #expect(v.senderClass == .router)
        let gateway = v.evidence.first { $0.kind == "exposed-gateway" }
        #expect(gateway != nil)
        #expect((gateway?.weight ?? 0) < 0, "a gateway answering speaks against the gateway itself having sent")
    }

    @Test func gatewayEvidenceLowersTheDeviceProbability() {
        let syns = [Make.syn(Make.linux, .linux)]
        let router = attributor.verdict(for: Make.address(syns, [Make.device(.router, os: .linux)]))
        let nas = attributor.verdict(for: Make.address(syns, [Make.device(.nas, os: .linux)]))
        #expect(router.exposedDeviceSentProbability! < nas.exposedDeviceSentProbability!)
    }

    @Test func severalStacksMeanSeveralHosts() {
        let syns = [Make.syn(Make.windows, .windows), Make.syn(Make.windows, .windows, at: Make.t0 + 60),
                    Make.syn(Make.linux, .linux, at: Make.t0 + 120)]
        let v = attributor.verdict(for: Make.address(syns, [Make.device(.router)]))
        #expect(v.verdict == .otherHostBehindNAT)
        let several = v.evidence.first { $0.kind == "several-sender-stacks" }
        #expect(several?.detail.hasPrefix("2 distinct") == true)
        #expect((several?.weight ?? 0) > 0)
        #expect(v.hostsBehindIP.senders == 2)
        #expect(v.hostsBehindIP.estimate == 3, "two senders and the router")
    }

    @Test func sameStackAtDifferentDistancesCountsTwice() {
        let near = Make.syn("4:116+12:0:1460:mss*44,8:mss,nop,ws,nop,nop,sok:df,id+:0", .windows)
        let far = Make.syn("4:114+14:0:1460:mss*44,8:mss,nop,ws,nop,nop,sok:df,id+:0", .windows)
        let v = attributor.verdict(for: Make.address([near, far], []))
        #expect(v.hostsBehindIP.senders == 2)
    }

    @Test func observationFarFromTheSpamIsStale() {
        let v = attributor.verdict(for: Make.address([Make.syn(Make.embedded, .embeddedLinux)],
                                                     [Make.device(.camera, at: Make.t0 + 20 * Make.day)]))
        #expect(v.verdict == .stale)
        #expect(v.naiveClass == .camera)
        let stale = v.evidence.first { $0.kind == "stale-observation" }
        #expect(stale != nil)
        #expect((stale?.weight ?? 0) > 2, "20 days against a 7-day lease")
        #expect(v.exposedDeviceSentProbability! < 0.5, "even a matching SYN cannot tie the spam to a later occupant's camera")
        let fresh = attributor.verdict(for: Make.address([Make.syn(Make.embedded, .embeddedLinux)], [Make.device(.camera)]))
        #expect(fresh.exposedDeviceSentProbability! > v.exposedDeviceSentProbability! + 0.5)
    }

    @Test func freshObservationIsNotStale() {
        let v = attributor.verdict(for: Make.address([Make.syn(Make.embedded, .embeddedLinux)],
                                                     [Make.device(.camera, at: Make.t0 + 2 * Make.day)]))
        #expect(v.verdict != .stale)
        #expect(!v.evidence.contains { $0.kind == "stale-observation" })
    }

    @Test func nothingAnsweredLeavesOnlyTheSYN() {
        let v = attributor.verdict(for: Make.address([Make.syn(Make.windows, .windows)], []))
        #expect(v.verdict == .noEvidence)
        #expect(v.naiveClass == .unknown)
        #expect(v.senderClass == .pc)
        #expect(v.exposedDeviceSentProbability == nil)
        #expect(v.evidence.contains { $0.kind == "sender-syn" && $0.weight > 0 })
    }

    @Test func noSYNAndADeviceIsAmbiguous() {
        let v = attributor.verdict(for: Make.address([], [Make.device(.camera)]))
        #expect(v.verdict == .ambiguous)
        #expect(v.evidence.contains { $0.kind == "no-sender-syn" })
        #expect(v.hostsBehindIP.method == "observations")
    }

    @Test func genericEmbeddedBannerMergesIntoTheNamedDevice() {
        let v = attributor.verdict(for: Make.address([Make.syn(Make.embedded, .embeddedLinux)],
                                                     [Make.device(.router), Make.device(.iotOther, port: 23, vendor: "Generic")]))
        #expect(!v.evidence.contains { $0.kind == "several-devices-answer" })
        #expect(v.verdict == .gatewaySent)
        #expect(v.exposedDevices.count == 2, "every answering port is still listed")
    }

    @Test func twoDifferentDevicesMeanPortForwarding() {
        let v = attributor.verdict(for: Make.address([Make.syn(Make.windows, .windows)],
                                                     [Make.device(.router), Make.device(.camera, port: 8080)]))
        #expect(v.evidence.contains { $0.kind == "several-devices-answer" })
        #expect(v.naiveClass == .router, "the lowest port's named device is what the 2014 method saw")
        #expect(v.verdict == .otherHostBehindNAT)
        #expect(v.hostsBehindIP.estimate == 3)
    }

    @Test func portsAnsweredByTwoStacksAreSaidToBeAPortForward() {
        var router = Make.device(.router), camera = Make.device(.camera, port: 8080)
        router.synAckSignature = "4:64+0:0:1460:mss*10,7:mss,sok,ts,nop,ws:df:0"
        camera.synAckSignature = "4:63+1:0:1460:5840,0:mss:df:0"
        let v = attributor.verdict(for: Make.address([Make.syn(Make.windows, .windows)], [router, camera]))
        let entry = v.evidence.first { $0.kind == "several-stacks-answer" }
        #expect(entry?.detail.hasPrefix("port 80 answered as 4:64+0:0:1460:mss*10,7:mss,sok,ts,nop,ws:df:0; port 8080 answered as 4:63+1") == true, "\(v.evidence)")
        // One stack on every port says nothing of the kind.
        camera.synAckSignature = router.synAckSignature
        let same = attributor.verdict(for: Make.address([Make.syn(Make.windows, .windows)], [router, camera]))
        #expect(!same.evidence.contains { $0.kind == "several-stacks-answer" })
    }

    /// A DVR UI of a Linux vendor, but the DVR's own SYN+ACK starts at TTL 128 (Windows Embedded): a Windows
    /// SYN from its address may be the DVR's own, so the verdict must not name a PC behind the NAT with
    /// confidence (camera-street's lab DVR was named `pc` at 0.98). With a TTL-64 SYN+ACK the DVR's stack is
    /// not the sender's, and another host sent, as before.
    @Test func aDeviceWhoseOwnSynAckIsTheSendersStackIsNotClearedByItsBanner() {
        var dvr = Make.device(.dvr, os: .embeddedLinux, vendor: "Hikvision")
        let sender = [Make.syn(Make.windows, .windows)]
        let banner = attributor.verdict(for: Make.address(sender, [dvr]))
        #expect(banner.verdict == .otherHostBehindNAT)
        #expect(banner.senderClass == .pc)

        dvr.synAckSignature = "4:127+1:0:1460:8192,8:mss,nop,ws,nop,nop,sok:df,id+:0"
        let v = attributor.verdict(for: Make.address(sender, [dvr]))
        #expect(v.verdict != .otherHostBehindNAT, "\(v.verdict) \(v.evidence)")
        #expect((v.exposedDeviceSentProbability ?? 0) > 0.3)
        #expect(v.classProbabilities["pc", default: 0] < 0.7, "a PC is no longer the confident answer: \(v.classProbabilities)")
        #expect(v.evidence.contains { $0.kind == "syn-os-match" && $0.detail.contains("own SYN+ACK (initial TTL 128) fits") }, "\(v.evidence)")

        dvr.synAckSignature = "4:63+1:0:1460:5840,2:mss,sok,ts,nop,ws:df,id+:0"
        let linux = attributor.verdict(for: Make.address(sender, [dvr]))
        #expect(linux.verdict == .otherHostBehindNAT)
        #expect(linux.senderClass == .pc)
        #expect(linux.evidence.contains { $0.kind == "syn-os-mismatch" && $0.detail.contains("is another stack than the sender's") })
    }

    @Test func probabilitiesAreADistribution() {
        for ev in [Make.address([Make.syn(Make.windows, .windows)], [Make.device(.tv)]),
                   Make.address([], []), Make.address([Make.syn(Make.linux, .linux)], [Make.device(.server, os: .linux)])] {
            let v = attributor.verdict(for: ev)
            let total = v.classProbabilities.values.reduce(0, +)
            #expect(abs(total - 1) < 0.01)
            #expect(v.classProbabilities[v.senderClass.rawValue] == v.confidence)
        }
    }
}

@Suite struct FittedEvidenceTests {
    let attributor = Attributor()

    @Test func aSilentAddressSpeaksAgainstAServerWhenTheScanMetTheSender() {
        var scanned = Make.address([Make.syn(Make.linux, .linux)], [])
        let unscanned = attributor.verdict(for: scanned)
        scanned.scanWindow = Make.t0...(Make.t0 + 600)
        let silent = attributor.verdict(for: scanned)
        #expect((silent.classProbabilities["server"] ?? 0) < (unscanned.classProbabilities["server"] ?? 0) / 2)
        #expect(silent.evidence.contains { $0.kind == "silent-address" })
        // A scan weeks later met someone else: silence then says little.
        scanned.scanWindow = (Make.t0 + 30 * Make.day)...(Make.t0 + 30 * Make.day + 600)
        let late = attributor.verdict(for: scanned)
        #expect(abs((late.classProbabilities["server"] ?? 0) - (unscanned.classProbabilities["server"] ?? 0)) < 0.05)
    }

    @Test func aSenderOneHopNearerThanAnotherIsTheGateway() {
        // An embedded sender 9 hops away and a Windows host 10 hops away, sending at interleaved times.
        let router = (0..<4).map { Make.syn(Make.embedded, .embeddedLinux, at: Make.t0 + Double($0) * 600) }
        let pc = (0..<3).map { Make.syn("4:118+10:0:1460:mss*44,8:mss,nop,ws,nop,nop,sok:df,id+:0", .windows, at: Make.t0 + 300 + Double($0) * 600) }
        let v = attributor.verdict(for: Make.address(router + pc, []))
        let alone = attributor.verdict(for: Make.address(router, []))
        #expect(v.evidence.contains { $0.kind == "gateway-hop" })
        #expect((v.classProbabilities["router"] ?? 0) > (alone.classProbabilities["router"] ?? 0))
        #expect(v.senderClass == .router)
    }

    @Test func timestampsCountHostsUnlessTheyAreRandomPerConnection() {
        func syn(_ t: Double, _ ts: UInt32) -> AddressEvidence.SenderSyn {
            let s = Make.syn(Make.linux, .linux, at: t)
            return AddressEvidence.SenderSyn(time: s.time, signature: s.signature, distance: s.distance, os: s.os, osLabel: nil,
                                             quality: "inferred", reason: "test", tsVal: ts, trap: "192.0.2.25")
        }
        // Two Linux hosts behind one address with one stack: two clock lines at 1000 Hz.
        let a: [AddressEvidence.SenderSyn] = (0..<4).map { (k: Int) in
            let t: Double = Make.t0 + Double(k) * 900
            return syn(t, UInt32(5_000_000 + k * 900_000))
        }
        let b: [AddressEvidence.SenderSyn] = (0..<4).map { (k: Int) in
            let t: Double = Make.t0 + 450 + Double(k) * 900
            return syn(t, UInt32(900_450_000 + k * 900_000))
        }
        let two = attributor.verdict(for: Make.address(a + b, []))
        #expect(two.hostsBehindIP.senders == 2 && two.hostsBehindIP.method == "tcp-timestamp-lines")
        // The same SYNs with random TSvals: timestamps count nothing, and the evidence says so.
        var rng = SplitMix64(seed: 9)
        let random = (a + b).map { syn($0.time, UInt32(truncatingIfNeeded: rng.next())) }
        let v = attributor.verdict(for: Make.address(random, []))
        #expect(v.evidence.contains { $0.kind == "random-timestamps" })
        #expect(v.hostsBehindIP.senders == 1)
    }
}

/// A phone behind the household's router: its SYN is a phone's, so the router is cleared and no IoT class
/// is named (the independent worlds' worst false-IoT came from phones read as embedded Linux).
@Suite struct MobileSenderTests {
    static let android = "4:52+12:0:1460:mss*44,1:mss,sok,ts,nop,ws:df,id+:0"

    @Test func anAndroidPhoneBehindARouterIsNotTheRouter() {
        let v = Attributor().verdict(for: Make.address([Make.syn(Self.android, .mobile, label: "Linux (Android)")], [Make.device(.router)]))
        #expect(v.verdict == .otherHostBehindNAT)
        // The phone is the most probable sender (0.66 with the built-in prior: the router keeps 0.2, since an
        // answering device's own OS only makes a foreign SYN unlikely, not impossible), below the 0.7 at which
        // a class is named: `unknown`, and never the router.
        let top = v.classProbabilities.max { $0.value < $1.value }
        #expect(top?.key == "mobile", "\(v.classProbabilities)")
        #expect(v.senderClass == .mobile || v.senderClass == .unknown)
        #expect(!v.senderClass.isIoT)
        #expect(v.evidence.contains { $0.kind == "syn-os-mismatch" && $0.weight > 0 })
        #expect((v.exposedDeviceSentProbability ?? 1) < 0.2, "\(v.exposedDeviceSentProbability ?? -1)")
    }

    @Test func aSilentAddressSendingLinuxSYNsSaysWhichClassesItCannotSeparate() {
        let v = Attributor().verdict(for: Make.address([Make.syn(Make.linux, .linux, label: "Linux 2.2.x-3.x")], []))
        let syn = v.evidence.first { $0.kind == "sender-syn" }
        #expect(syn?.detail.contains("this stack alone cannot separate") == true, "\(syn?.detail ?? "")")
    }
}
