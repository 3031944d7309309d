import BotCensusCore
import Testing
@testable import Analysis

/// The prober's hop distances against the traps' (HopAlignment), and what attribution makes of a home
/// gateway's own distance once the case shows they line up.
@Suite struct HopAlignmentTests {
    /// An embedded-Linux SYN from `hops` away.
    static func syn(hops: Int) -> AddressEvidence.SenderSyn {
        Make.syn("4:\(64 - hops)+\(hops):0:1460:mss*4,0:mss,sok,ts:df,id+:0", .embeddedLinux)
    }

    /// A device of class `c` whose SYN+ACK came from `hops` away, an hour after the spam.
    static func answer(_ c: DeviceClass, hops: Int) -> AddressEvidence.Observed {
        var o = Make.device(c)
        o.synAckSignature = "4:\(64 - hops)+\(hops):0:1460:mss*4,0:mss,sok,ts:df,id+:0"
        return o
    }

    /// `anchors` addresses where a camera answered as far as the sender plus `offset`, and `gateways` where a
    /// router answered one hop nearer than its hosts.
    static func world(anchors: Int, gateways: Int, offset: Int, scatter: Bool = false) -> [AddressEvidence] {
        var out: [AddressEvidence] = []
        for i in 0..<anchors {
            let hops = 10 + i % 7
            let shift = scatter ? (i * 5) % 9 - 4 : 0
            out.append(Make.address([syn(hops: hops)], [answer(.camera, hops: hops - offset + shift)]))
        }
        for i in 0..<gateways {
            let hops = 10 + i % 5
            out.append(Make.address([syn(hops: hops + 1)], [answer(.router, hops: hops - offset)]))
        }
        return out
    }

    @Test func theOffsetIsWhereTheAnchorsAgree() {
        #expect(HopAlignment.offset(Self.world(anchors: 30, gateways: 30, offset: 0), fresh: 86400) == 0)
        // A prober three hops nearer the senders than the traps: the same reading, shifted.
        #expect(HopAlignment.offset(Self.world(anchors: 30, gateways: 30, offset: 3), fresh: 86400) == 3)
    }

    @Test func scatteredTooFewOrStaleAnswersGiveNoOffset() {
        // A scanner elsewhere: the differences spread over nine values.
        #expect(HopAlignment.offset(Self.world(anchors: 60, gateways: 0, offset: 0, scatter: true), fresh: 86400) == nil)
        #expect(HopAlignment.offset(Self.world(anchors: HopAlignment.minimumAnchors - 1, gateways: 30, offset: 0), fresh: 86400) == nil)
        // Answers an hour from the spam are not read when only ten minutes count as the same household.
        #expect(HopAlignment.offset(Self.world(anchors: 30, gateways: 30, offset: 0), fresh: 600) == nil)
    }

    @Test func gatewaysThatFitNoReadingWithdrawTheOffset() {
        var evidence = Self.world(anchors: 30, gateways: 0, offset: 0)
        // Gateways three hops off their senders (a CGN, a route the prober does not share).
        for i in 0..<30 { evidence.append(Make.address([Self.syn(hops: 14 + i % 3)], [Self.answer(.router, hops: 11 + i % 3)])) }
        #expect(HopAlignment.offset(evidence, fresh: 86400) == nil)
    }

    @Test func aSenderOneHopBehindTheGatewayIsNotTheGateway() throws {
        var model = AttributionModel()
        model.answerHopOffset = 0
        let aligned = Attributor(model: model), blind = Attributor()
        let behind = Make.address([Self.syn(hops: 12)], [Self.answer(.router, hops: 11)])
        let v = aligned.verdict(for: behind)
        #expect(v.verdict == .otherHostBehindNAT)
        #expect(v.senderClass != .router)
        let hop = try #require(v.evidence.first { $0.kind == "gateway-hop" })
        #expect(hop.detail.contains("one hop behind the gateway"))
        #expect(hop.weight > 0, "the entry supports the verdict reached: another host")
        // Without a fitted offset the distances are not read: the router is the likeliest sender.
        let unread = blind.verdict(for: behind)
        #expect(!unread.evidence.contains { $0.kind == "gateway-hop" })
        #expect((unread.exposedDeviceSentProbability ?? 0) > (v.exposedDeviceSentProbability ?? 1))
    }

    @Test func aSenderAsNearAsTheGatewayIsTheGateway() throws {
        var model = AttributionModel()
        model.answerHopOffset = 0
        let itself = Make.address([Self.syn(hops: 11)], [Self.answer(.router, hops: 11)])
        let v = Attributor(model: model).verdict(for: itself)
        #expect(v.verdict == .gatewaySent)
        #expect(v.senderClass == .router)
        let hop = try #require(v.evidence.first { $0.kind == "gateway-hop" })
        #expect(hop.detail.contains("it is the gateway itself"))
        #expect((v.exposedDeviceSentProbability ?? 0) > (Attributor().verdict(for: itself).exposedDeviceSentProbability ?? 1))
    }

    @Test func aSenderOneHopNearerThanAForwardedDeviceIsItsGateway() throws {
        var model = AttributionModel()
        model.answerHopOffset = 0
        // A camera forwarded behind a NAT answers from 12 hops; the spam came from 11: the router in front of it.
        let v = Attributor(model: model).verdict(for: Make.address([Self.syn(hops: 11)], [Self.answer(.camera, hops: 12)]))
        #expect(v.verdict == .otherHostBehindNAT)
        #expect(v.senderClass == .router)
        let hop = try #require(v.evidence.first { $0.kind == "gateway-hop" })
        #expect(hop.detail.contains("the NAT gateway in front of it"))
        // As far as the camera: the camera or a host beside it, which distances cannot tell apart.
        let beside = Attributor(model: model).verdict(for: Make.address([Self.syn(hops: 12)], [Self.answer(.camera, hops: 12)]))
        #expect(!beside.evidence.contains { $0.kind == "gateway-hop" })
        #expect(beside.verdict == Attributor().verdict(for: Make.address([Self.syn(hops: 12)], [Self.answer(.camera, hops: 12)])).verdict)
    }

    @Test func readingIgnoresStaleAnswersAndOtherDifferences() {
        let r = HopAlignment.read(sender: 14, offset: 0, ratio: 20, answers: [(true, false, 13), (false, true, 11), (true, true, 10)])
        #expect(r.devices == [1, 1, 1], "a stale gateway is not read; three or four hops off say nothing")
        #expect(r.router == 1)
    }
}
