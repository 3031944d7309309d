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

    @Test func emptyCase() {
        let c = CensusEstimator().estimate([])
        #expect(c.addresses == 0 && c.estimate.hosts == 0 && c.naive.iotShare == 0)
    }
}
