import BotCensusCore
import Foundation
import Testing
@testable import Workflow

/// The demo's bundled evidence comes with its ground truth (story.json, written by
/// scripts/make_demo_evidence.py): every address's verdict, naive class and sender class must match it.
@Suite struct DemoTests {
    struct Story: Decodable {
        struct Address: Decodable {
            var ip: String
            var role: String
            var messages: Int
            var true_sender_class: String
            var true_hosts_behind_ip: Int
            var expected_verdict: String
            var naive_class: String
            var true_infected_hosts: Int
        }
        var addresses: [Address]
    }

    static let result: Result<Demo.Result, Error> = Result {
        try Demo.run(casePath: temporaryDirectory().appendingPathComponent("demo.db").path) { _ in }
    }

    func story() throws -> Story {
        let url = try Demo.evidenceDirectory().appendingPathComponent("story.json")
        return try JSONDecoder().decode(Story.self, from: Data(contentsOf: url))
    }

    @Test func everyAddressMatchesTheStory() throws {
        let result = try Self.result.get()
        let byIP = Dictionary(uniqueKeysWithValues: result.verdicts.map { ($0.ip.description, $0) })
        let story = try story()
        #expect(result.verdicts.count == story.addresses.count)
        for a in story.addresses {
            guard let v = byIP[a.ip] else { Issue.record("no verdict for \(a.ip)"); continue }
            #expect(v.verdict.rawValue == a.expected_verdict, "\(a.ip) (\(a.role))")
            #expect(v.naiveClass.rawValue == a.naive_class, "\(a.ip) (\(a.role)) naive")
            #expect(v.senderClass.rawValue == a.true_sender_class, "\(a.ip) (\(a.role)) sender")
            #expect(v.messages == a.messages, "\(a.ip) messages")
        }
    }

    @Test func theStoryAddressesOfDesignMd() throws {
        let v = Dictionary(uniqueKeysWithValues: try Self.result.get().verdicts.map { ($0.ip.description, $0) })
        // The forwarded fridge answers while a Windows laptop sends.
        let fridge = try #require(v["203.0.113.7"])
        #expect(fridge.verdict == .otherHostBehindNAT && fridge.naiveClass == .appliance && fridge.senderClass == .pc)
        #expect(fridge.senderOS?.family == .windows)
        #expect(fridge.evidence.contains { $0.kind == "syn-os-mismatch" && $0.weight > 2 })
        #expect(fridge.hostsBehindIP.estimate == 2)
        // The directly attached router sends itself.
        let router = try #require(v["198.51.100.23"])
        #expect(router.verdict == .gatewaySent && router.senderClass == .router)
        // The camera's address was reassigned between spam and scan.
        let camera = try #require(v["203.0.113.50"])
        #expect(camera.verdict == .stale && camera.naiveClass == .camera)
        #expect(camera.evidence.contains { $0.kind == "stale-observation" })
        // A family behind a FRITZ!Box: two senders and the router.
        let family = try #require(v["203.0.113.80"])
        #expect(family.hostsBehindIP.senders == 2 && family.hostsBehindIP.estimate == 3)
    }

    @Test func hostCountsMatchTheStory() throws {
        let result = try Self.result.get()
        let byIP = Dictionary(uniqueKeysWithValues: result.verdicts.map { ($0.ip.description, $0) })
        for a in try story().addresses {
            let h = try #require(byIP[a.ip]).hostsBehindIP
            #expect(h.low <= a.true_hosts_behind_ip && a.true_hosts_behind_ip <= h.high, "\(a.ip) hosts \(h) vs truth \(a.true_hosts_behind_ip)")
        }
    }

    @Test func censusShowsNaiveAndEvidenceFigures() throws {
        let c = try Self.result.get().census
        let story = try story()
        #expect(c.addresses == story.addresses.count)
        #expect(c.messages == story.addresses.reduce(0) { $0 + $1.messages })
        #expect(c.naive.hosts == c.addresses)
        let trueHosts = story.addresses.reduce(0) { $0 + $1.true_infected_hosts }
        #expect(trueHosts == 41) // two senders at 203.0.113.80
        #expect(c.estimate.hostsLow <= trueHosts && trueHosts <= c.estimate.hostsHigh)
        let trueIoT = Double(story.addresses.filter { DeviceClass(rawValue: $0.true_sender_class)!.isIoT }.reduce(0) { $0 + $1.true_infected_hosts }) / Double(trueHosts)
        #expect(c.estimate.iotShareLow <= trueIoT && trueIoT <= c.estimate.iotShareHigh)
        #expect(abs(c.estimate.iotShare - trueIoT) < abs(c.naive.iotShare - trueIoT), "the estimate is closer to the truth than the 2014 method")
    }

    @Test func rendersBothTables() throws {
        let text = Demo.render(try Self.result.get())
        #expect(text.contains("naive (2014 method)"))
        #expect(text.contains("other-host-behind-nat"))
        #expect(text.contains("gateway-sent"))
        #expect(text.contains("stale"))
    }
}
