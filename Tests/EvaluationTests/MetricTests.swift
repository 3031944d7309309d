import Analysis
import BotCensusCore
import Testing

/// Every figure here is worked out by hand from the table in Support.swift.
@Suite struct MatchingTests {
    @Test func unmatchedAddressesAreCountedNotDropped() {
        let (pairs, m) = Evaluation.match(Fixture.verdicts, Fixture.addresses)
        #expect(m.matched == 6)
        #expect(pairs.map(\.verdict.ip.description) == ["192.0.2.1", "192.0.2.2", "192.0.2.3", "192.0.2.4", "192.0.2.5", "192.0.2.6"])
        #expect(m.onlyInCase == [ip("192.0.2.9")])
        #expect(m.onlyInTruth == [ip("192.0.2.8")])
        #expect(pairs.allSatisfy { $0.verdict.ip == $0.truth.ip })
    }
}

@Suite struct ClassificationTests {
    let c = ClassificationMetrics(Fixture.pairs)

    func row(_ cls: DeviceClass) -> ClassificationMetrics.PerClass? { c.perClass.first { $0.deviceClass == cls } }

    @Test func precisionAndRecallPerClass() throws {
        #expect(c.perClass.map(\.deviceClass) == [.router, .camera, .appliance, .pc, .server])
        let pc = try #require(row(.pc))
        #expect(pc.support == 3 && pc.predicted == 3 && pc.truePositives == 2)
        #expect(abs(pc.precision! - 2.0 / 3) < 1e-12 && abs(pc.recall! - 2.0 / 3) < 1e-12)
        let appliance = try #require(row(.appliance))
        #expect(appliance.precision == 0 && appliance.recall == nil)   // said once, never true
        let camera = try #require(row(.camera))
        #expect(camera.precision == nil && camera.recall == 0)         // true once, never said
        #expect(row(.router)?.precision == 1 && row(.router)?.recall == 1)
        #expect(row(.server)?.precision == 1 && row(.server)?.recall == 1)
    }

    @Test func accuracyOverallAndByWhetherTheSenderSYNIsInEvidence() {
        #expect(c.overall.correct == 4 && c.overall.total == 6)
        #expect(c.withSenderSYN.correct == 4 && c.withSenderSYN.total == 4 && c.withSenderSYN.accuracy == 1)
        #expect(c.withoutSenderSYN.correct == 0 && c.withoutSenderSYN.total == 2 && c.withoutSenderSYN.accuracy == 0)
        #expect(c.naive.correct == 2 && c.naive.total == 6)
    }

    @Test func falseIoT() {
        // Non-IoT senders: .1 .2 .6 (pc) and .4 (server); only .2 is blamed on an IoT class (appliance).
        #expect(c.trueNonIoT == 4 && c.falseIoT == 1 && c.falseIoTRate == 0.25)
        // The naive class blames .1 and .2 (appliance).
        #expect(c.naiveFalseIoT == 2 && c.naiveFalseIoTRate == 0.5)
    }

    @Test func emptyInputGivesNoRates() {
        let e = ClassificationMetrics([])
        #expect(e.overall.accuracy == nil && e.falseIoTRate == nil && e.perClass.isEmpty)
    }
}

@Suite struct CalibrationTests {
    let k = CalibrationMetrics(Fixture.pairs)

    @Test func reliabilityBins() {
        #expect(k.bins.map(\.low) == [0.0, 0.5, 0.6, 0.7, 0.8, 0.9])
        #expect(k.bins.map(\.high) == [0.5, 0.6, 0.7, 0.8, 0.9, 1.0])
        #expect(k.bins.map(\.count) == [0, 1, 1, 1, 1, 2])
        #expect(k.bins.map(\.correct) == [0, 0, 1, 0, 1, 2])
        #expect(k.bins[0].meanConfidence == nil && k.bins[0].accuracy == nil)
        let means = k.bins.dropFirst().map { $0.meanConfidence! }
        for (got, want) in zip(means, [0.55, 0.65, 0.72, 0.85, 0.93]) { #expect(abs(got - want) < 1e-12) }
        #expect(k.bins.dropFirst().map { $0.accuracy! } == [0, 1, 0, 1, 1])
    }

    @Test func binEdges() {
        #expect(CalibrationMetrics.binIndex(0.49) == 0)
        #expect(CalibrationMetrics.binIndex(0.5) == 1)
        #expect(CalibrationMetrics.binIndex(0.6) == 2)
        #expect(CalibrationMetrics.binIndex(0.8999) == 4)
        #expect(CalibrationMetrics.binIndex(0.9) == 5)
        #expect(CalibrationMetrics.binIndex(1.0) == 5)
    }

    @Test func expectedCalibrationError() {
        // (|0−.55| + |1−.65| + |0−.72| + |1−.85|) / 6 + 2/6 × |1−.93| = 1.91 / 6
        #expect(abs(k.expectedCalibrationError! - 1.91 / 6) < 1e-12)
    }

    @Test func brierScore() {
        // .1: .05² + .03² = .0034 (unknown .02 counts toward no class)   .2: .55² + .55² = .605
        // .3: .15² + .15² = .045   .4: .35² = .1225 (server .65; unknown ignored)   .5: .72² + .72² = 1.0368
        // .6: .09² = .0081
        #expect(abs(k.brierScore! - 1.8208 / 6) < 1e-12)
        #expect(abs(CalibrationMetrics.brier(["pc": 1], truth: .pc)) < 1e-15)
        #expect(CalibrationMetrics.brier(["unknown": 1], truth: .pc) == 1)
        #expect(CalibrationMetrics.brier(["tv": 1], truth: .pc) == 2)
    }

    @Test func emptyInput() {
        let e = CalibrationMetrics([])
        #expect(e.expectedCalibrationError == nil && e.brierScore == nil && e.bins.count == 6)
    }
}

@Suite struct HostCountTests {
    @Test func errorAndCoverage() {
        let h = HostCountMetrics(Fixture.pairs)
        // |errors| 0 0 0 1 2 0; signed 0 0 0 +1 −2 0; .4's [2,2] misses its 1 host.
        #expect(h.addresses == 6)
        #expect(h.meanAbsoluteError == 0.5)
        #expect(abs(h.meanError! + 1.0 / 6) < 1e-12)
        #expect(h.covered == 5 && abs(h.coverage! - 5.0 / 6) < 1e-12)
        #expect(h.exact == 4)
        #expect(h.naiveMeanAbsoluteError == 0.5)   // one per address: off by 1 at .1, by 2 at .5
        #expect(HostCountMetrics([]).meanAbsoluteError == nil)
    }
}

@Suite struct CensusCoverageTests {
    static let census = Census(
        addresses: 7, messages: 21, naive: Census.Naive(hosts: 7, iotShare: 0.5),
        estimate: Census.Estimate(hosts: 10, hostsLow: 8, hostsHigh: 12, iotShare: 0.3, iotShareLow: 0.2, iotShareHigh: 0.4),
        byClass: ["pc": Census.ClassCount(hosts: 6, low: 4, high: 8, naive: 1),
                  "router": Census.ClassCount(hosts: 1, low: 0, high: 2, naive: 2),
                  "unknown": Census.ClassCount(hosts: 0, low: 0, high: 1, naive: 3)],
        verdicts: [:], method: "test")
    static let truth = TruthWorld.Infected(hosts: 13, byClass: ["pc": 7, "router": 3, "camera": 1], iotShare: 0.35, activeAtOnceMax: nil)

    @Test func intervalsAgainstTheTruth() throws {
        let s = CensusCoverage(census: Self.census, truth: Self.truth)
        #expect(!s.hosts.covered && s.hosts.error == -3 && s.hosts.naive == 7 && s.hosts.naiveError == -6)
        #expect(s.iotShare.covered && abs(s.iotShare.error + 0.05) < 1e-12 && abs(s.iotShare.naiveError - 0.15) < 1e-12)
        #expect(s.byClass.map(\.deviceClass) == [.router, .camera, .pc])   // unknown left out
        let router = s.byClass[0].figure, camera = s.byClass[1].figure, pc = s.byClass[2].figure
        #expect(!router.covered && router.error == -2 && router.naiveError == -1)
        #expect(!camera.covered && camera.estimate == 0 && camera.high == 0 && camera.error == -1)   // absent from the census
        #expect(pc.covered && pc.error == -1 && pc.naiveError == -6)
        #expect(s.intervals == 5 && s.intervalsCovering == 2)
    }

    @Test func boundsAreInclusive() {
        let f = CensusCoverage.Figure(truth: 8, estimate: 10, low: 8, high: 12, naive: 7)
        #expect(f.covered)
        #expect(CensusCoverage.Figure(truth: 12, estimate: 10, low: 8, high: 12, naive: 7).covered)
        #expect(!CensusCoverage.Figure(truth: 12.5, estimate: 10, low: 8, high: 12, naive: 7).covered)
    }
}

/// The oracle's ceiling on naming, worked out by hand over four evidence patterns.
@Suite struct NamingCeilingTests {
    static func pair(_ n: Int, truth: DeviceClass, family: OSFamily?, label: String? = nil, answering: [DeviceClass] = [],
                     facts: [String] = []) -> Evaluation.Pair {
        let address = "198.51.100.\(n)"
        var v = verdict(address, said: .unknown, confidence: 0.5, probabilities: [:], syn: family != nil, naive: .unknown, hosts: (1, 1, 1))
        v.senderOS = family.map { Verdict.SenderOS(family: $0, label: label, quality: "exact") }
        v.exposedDevices = answering.map { Verdict.ExposedDevice(port: 80, deviceClass: $0, vendor: nil, product: nil, seen: "2026-01-07T00:00:00Z") }
        v.evidence = facts.map { Verdict.Evidence(kind: $0, detail: "", weight: 1) } + [Verdict.Evidence(kind: "sender-syn", detail: "", weight: 1)]
        return Evaluation.Pair(verdict: v, truth: truthAddress(address, truth, hosts: 1))
    }

    @Test func purestPatternsFirstWhileRightOn95Percent() {
        var pairs: [Evaluation.Pair] = []
        var n = 0
        func add(_ count: Int, _ truth: DeviceClass, _ family: OSFamily?, label: String? = nil, answering: [DeviceClass] = [], facts: [String] = []) {
            for _ in 0..<count { n += 1; pairs.append(Self.pair(n, truth: truth, family: family, label: label, answering: answering, facts: facts)) }
        }
        add(6, .tv, .linux, label: "Linux 2.2.x-3.x")                 // A: a TV box or a Linux PC, 60% pure
        add(4, .pc, .linux, label: "Linux 2.2.x-3.x")
        add(20, .pc, .windows, label: "Windows NT kernel")            // B: pure
        add(5, .router, .embeddedLinux, answering: [.router], facts: ["gateway-hop"])   // C: pure
        add(3, .router, .embeddedLinux, answering: [.router])         // D: 75% pure
        add(1, .camera, .embeddedLinux, answering: [.router], facts: ["timestamp-lines"])   // D too: not a pattern fact
        add(2, .pc, nil)                                              // no sender SYN: not counted
        let c = NamingCeiling(pairs)
        #expect(c.addresses == 39 && c.groups == 4)
        // B and C (25 of 25), then D (28 of 29 ≥ 95%); A would bring it to 34 of 39.
        #expect(c.named == 29 && c.correct == 28)
        #expect(abs(c.coverage! - 29.0 / 39.0) < 1e-12)
        #expect(NamingCeiling(pairs, accuracy: 0.8).named == 39, "at 80% the 60%-pure pattern fits too: 34 of 39")
        #expect(NamingCeiling([]).coverage == nil)
    }
}
