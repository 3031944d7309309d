import BotCensusCore
import Testing
@testable import Analysis

@Suite struct CensusTests {
    func verdicts() -> [Verdict] {
        let a = Attributor()
        var list: [Verdict] = []
        for i in 0..<20 { // PCs that nothing answered for
            var ev = Make.address([Make.syn(Make.windows, .windows)], [])
            ev.ip = IPAddress("192.0.2.\(i + 1)")!
            list.append(a.verdict(for: ev))
        }
        for i in 0..<5 { // fridges whose NAT hides a Windows sender
            var ev = Make.address([Make.syn(Make.windows, .windows)], [Make.device(.appliance)])
            ev.ip = IPAddress("203.0.113.\(i + 1)")!
            list.append(a.verdict(for: ev))
        }
        for i in 0..<5 { // DVRs that send themselves
            var ev = Make.address([Make.syn(Make.embedded, .embeddedLinux)], [Make.device(.dvr)])
            ev.ip = IPAddress("198.51.100.\(i + 1)")!
            list.append(a.verdict(for: ev))
        }
        var nat = Make.address([Make.syn(Make.windows, .windows), Make.syn(Make.linux, .linux)], [Make.device(.router)])
        nat.ip = IPAddress("198.51.100.200")!
        list.append(a.verdict(for: nat))
        return list
    }

    @Test func naiveAndEstimateSideBySide() {
        let c = CensusEstimator().estimate(verdicts())
        #expect(c.addresses == 31)
        #expect(c.messages == 31 * 5)
        #expect(c.naive.hosts == 31)
        #expect(abs(c.naive.iotShare - 11.0 / 31.0) < 0.001)
        #expect(c.estimate.hosts == 32, "the NAT address holds two senders")
        #expect(c.estimate.hostsLow <= c.estimate.hosts && c.estimate.hosts <= c.estimate.hostsHigh)
        #expect(c.estimate.iotShare < c.naive.iotShare, "fridges that answered did not send")
        #expect(c.estimate.iotShare > 0.1, "the DVRs did")
        #expect(c.estimate.iotShareLow <= c.estimate.iotShare && c.estimate.iotShare <= c.estimate.iotShareHigh)
        #expect(c.byClass["pc"]!.hosts >= 25)
        #expect(c.byClass["appliance"]!.naive == 5)
        #expect(c.byClass["dvr"]!.low <= c.byClass["dvr"]!.hosts && c.byClass["dvr"]!.hosts <= c.byClass["dvr"]!.high)
        #expect(c.verdicts["device-sent"] == 5)
    }

    @Test func sameInputSameOutput() {
        let v = verdicts()
        #expect(CensusEstimator().estimate(v) == CensusEstimator().estimate(v))
        #expect(CensusEstimator(seed: 1).estimate(v).estimate.hosts == CensusEstimator(seed: 2).estimate(v).estimate.hosts)
    }

    /// The rare cells of P(SYN family | class) cannot be fitted, so the IoT share's interval spans them: silent
    /// embedded-Linux senders among Windows PCs, where the fitted point keeps a little PC mass on each.
    @Test func rareFamilyCellsWidenTheIoTShare() {
        let a = Attributor()
        var list: [Verdict] = [], families: [OSFamily?] = []
        for i in 0..<190 {
            var ev = Make.address([Make.syn(Make.windows, .windows)], [])
            ev.ip = IPAddress("192.0.2.\(i + 1)")!
            list.append(a.verdict(for: ev)); families.append(.windows)
        }
        for i in 0..<10 {
            var ev = Make.address([Make.syn(Make.embedded, .embeddedLinux)], [])
            ev.ip = IPAddress("198.51.100.\(i + 1)")!
            list.append(a.verdict(for: ev)); families.append(.embeddedLinux)
        }
        let pcOnEmbedded = list[190].classProbabilities["pc"] ?? 0
        #expect(pcOnEmbedded > 0.001, "the fitted point keeps PC mass on an embedded-Linux sender")
        let plain = CensusEstimator().estimate(list)
        let spanned = CensusEstimator().estimate(list, families: families, hedges: FamilyHedges(model: a.model))
        #expect(spanned.estimate.iotShare == plain.estimate.iotShare, "the point stays the fitted one")
        #expect(spanned.estimate.iotShareLow < plain.estimate.iotShareLow)
        #expect(spanned.estimate.iotShareHigh > plain.estimate.iotShareHigh)
        // At the IoT-high end no non-IoT class sends an embedded-Linux SYN: all 10 addresses are IoT.
        #expect(spanned.estimate.iotShareHigh >= 10.0 / 200.0 - 0.001)
        // Windows senders stay PCs at either end: the PC interval moves by at most the embedded addresses' PC mass.
        #expect(spanned.byClass["pc"]!.low >= plain.byClass["pc"]!.low - 1)
        #expect(spanned.byClass["pc"]!.high <= plain.byClass["pc"]!.high + 1)
    }

    @Test func rareFamilyCellsAreTheOnesAtMostOnePercent() {
        let h = FamilyHedges(model: AttributionModel())
        let p = [DeviceClass](DeviceClass.allCases).map { $0 == .pc ? 0.5 : $0 == .router ? 0.5 : 0 }
        // P(embedded | PC) = 0.005: 0 at the IoT-high end, 1% at the IoT-low end; the router's 0.85 stays.
        let high = h.rescaled(p, family: .embeddedLinux, iotHigh: true)
        #expect(high[DeviceClass.pc.ordinal] == 0 && high[DeviceClass.router.ordinal] == 1)
        let low = h.rescaled(p, family: .embeddedLinux, iotHigh: false)
        #expect(abs(low[DeviceClass.pc.ordinal] - 2.0 / 3.0) < 1e-9, "PC doubled against an unchanged router: 2 : 1")
        // P(windows | PC) = 0.84 is no rare cell; P(windows | router) = 0.005 is.
        let windows = h.rescaled(p, family: .windows, iotHigh: false)
        #expect(windows[DeviceClass.pc.ordinal] == 1)
        #expect(h.rescaled(p, family: nil, iotHigh: true) == p)
    }

    @Test func emptyCase() {
        let c = CensusEstimator().estimate([])
        #expect(c.addresses == 0 && c.estimate.hosts == 0 && c.naive.iotShare == 0)
    }
}
