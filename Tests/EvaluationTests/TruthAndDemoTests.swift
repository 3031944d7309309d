import Analysis
import BotCensusCore
import Foundation
import Testing
@testable import Workflow

@Suite struct TruthFileTests {
    /// docs/TRUTH.md's example, verbatim.
    static let example = """
        {
          "scenario": "thingbot-small",
          "seed": 7,
          "start": "2026-01-06T00:00:00Z",
          "end": "2026-01-10T00:00:00Z",
          "hosts": [
            {"id": "h17", "class": "pc", "os": "windows", "household": "hh5", "infected": true}
          ],
          "addresses": [
            {"ip": "198.18.3.7", "messages": 12, "sender_class": "pc",
             "senders": ["h17"], "hosts_behind_ip": 3, "nat": true,
             "answering_class": "appliance"}
          ],
          "infected": {"hosts": 1234, "by_class": {"pc": 1100, "router": 40}, "iot_share": 0.08,
                       "active_at_once_max": 700}
        }
        """

    @Test func decodesTheDocumentedExample() throws {
        let t = try CaseEvaluation.decodeTruth(Data(Self.example.utf8), path: "truth.json")
        #expect(t.scenario == "thingbot-small" && t.seed == 7)
        #expect(t.hosts == [TruthWorld.Host(id: "h17", deviceClass: .pc, os: "windows", household: "hh5", infected: true)])
        #expect(t.addresses == [TruthWorld.Address(ip: ip("198.18.3.7"), messages: 12, senderClass: .pc, senders: ["h17"],
                                                   hostsBehindIP: 3, nat: true, answeringClass: .appliance)])
        #expect(t.infected == TruthWorld.Infected(hosts: 1234, byClass: ["pc": 1100, "router": 40], iotShare: 0.08, activeAtOnceMax: 700))
        // Round trip keeps docs/TRUTH.md's keys.
        let again = try JSONDecoder().decode(TruthWorld.self, from: JSONEncoder().encode(t))
        #expect(again == t)
    }

    func reason(_ json: String) -> String? {
        do { _ = try CaseEvaluation.decodeTruth(Data(json.utf8), path: "t.json"); return nil } catch { return "\(error)" }
    }

    @Test func badTruthFilesSayWhy() {
        #expect(reason("{") == "t.json: not valid JSON")
        #expect(reason(Self.example.replacingOccurrences(of: "\"sender_class\": \"pc\",", with: ""))
                == "t.json: missing key 'sender_class' at addresses[0]")
        #expect(reason(Self.example.replacingOccurrences(of: "198.18.3.7", with: "198.18.3.999"))?.hasPrefix("t.json: bad value at addresses[0].ip") == true)
        #expect(reason(Self.example.replacingOccurrences(of: "\"class\": \"pc\"", with: "\"class\": \"toaster\""))?.hasPrefix("t.json: bad value at hosts[0].class") == true)
        let twice = Self.example.replacingOccurrences(of: "\"answering_class\": \"appliance\"}",
            with: "\"answering_class\": \"appliance\"}, {\"ip\": \"198.18.3.7\", \"messages\": 1, \"sender_class\": \"pc\", \"senders\": [], \"hosts_behind_ip\": 1, \"nat\": false, \"answering_class\": \"unknown\"}")
        #expect(reason(twice) == "t.json: addresses[1]: duplicate address 198.18.3.7")
        #expect(reason(Self.example.replacingOccurrences(of: "\"router\": 40", with: "\"fridge\": 40"))
                == "t.json: infected.by_class: 'fridge' is not a device class")
    }

    @Test func missingFile() {
        #expect(throws: CaseEvaluation.TruthFileError.self) { try CaseEvaluation.readTruth(path: "/nonexistent/truth.json") }
        do { _ = try CaseEvaluation.readTruth(path: "/nonexistent/truth.json") } catch {
            #expect("\(error)" == "/nonexistent/truth.json: no such file")
        }
    }
}

/// The bundled demo scored against its own story (story.json → TruthWorld).
@Suite struct DemoEvaluationTests {
    struct Story: Decodable {
        struct Sender: Decodable { var host: String; var os_family: String }
        struct Address: Decodable {
            var ip: String
            var role: String
            var messages: Int
            var true_sender_class: String
            var true_hosts_behind_ip: Int
            var naive_class: String
            var senders: [Sender]
        }
        struct Totals: Decodable { var infected_hosts: Int; var infected_hosts_by_true_class: [String: Int] }
        var totals: Totals
        var addresses: [Address]
    }

    /// The adapter: each story sender is a host `ip/host` of its address's true class.
    static func truth() throws -> TruthWorld {
        let url = try Demo.evidenceDirectory().appendingPathComponent("story.json")
        let story = try JSONDecoder().decode(Story.self, from: Data(contentsOf: url))
        var hosts: [TruthWorld.Host] = []
        let addresses = story.addresses.map { a -> TruthWorld.Address in
            let cls = DeviceClass(rawValue: a.true_sender_class)!
            let ids = a.senders.map { "\(a.ip)/\($0.host)" }
            hosts += ids.enumerated().map { TruthWorld.Host(id: $1, deviceClass: cls, os: a.senders[$0].os_family, household: a.ip, infected: true) }
            return TruthWorld.Address(ip: IPAddress(a.ip)!, messages: a.messages, senderClass: cls, senders: ids,
                                      hostsBehindIP: a.true_hosts_behind_ip, nat: a.role.hasPrefix("nat-"),
                                      answeringClass: DeviceClass(rawValue: a.naive_class)!)
        }
        let byClass = story.totals.infected_hosts_by_true_class
        let iot = byClass.filter { DeviceClass(rawValue: $0.key)!.isIoT }.values.reduce(0, +)
        return TruthWorld(scenario: "demo", seed: 2014, start: "2026-01-06T00:00:00Z", end: "2026-01-10T00:00:00Z", hosts: hosts,
                          addresses: addresses,
                          infected: TruthWorld.Infected(hosts: story.totals.infected_hosts, byClass: byClass,
                                                        iotShare: Double(iot) / Double(story.totals.infected_hosts), activeAtOnceMax: nil))
    }

    static let evaluated: Result<(Evaluation, Demo.Result), Error> = Result {
        let demo = try Demo.run(casePath: temporaryDirectory().appendingPathComponent("demo.db").path) { _ in }
        let truth = try Self.truth()
        #expect(truth.problem() == nil)
        return (Evaluation.evaluate(verdicts: demo.verdicts, census: demo.census, truth: truth), demo)
    }

    @Test func demoFigures() throws {
        let (e, _) = try Self.evaluated.get()
        #expect(e.matching.matched == 40 && e.matching.onlyInCase.isEmpty && e.matching.onlyInTruth.isEmpty)
        let c = e.classification
        #expect(c.overall.accuracy == 1 && c.overall.total == 40)
        #expect(c.withSenderSYN.accuracy == 1 && c.withSenderSYN.total == 38)
        #expect(c.withoutSenderSYN.total == 2)   // the two PCs whose SYNs the trap missed
        #expect(c.falseIoT == 0 && c.falseIoTRate == 0 && c.trueNonIoT == 35)
        // The 2014 method blames the fridge, TV, NAS and router fronting PCs, and the camera that got the PC's old address.
        #expect(c.naiveFalseIoT == 5)
        #expect(c.perClass.allSatisfy { $0.precision == 1 && $0.recall == 1 })
        #expect(e.calibration.bins.map(\.count).reduce(0, +) == 40)
        #expect(e.calibration.brierScore! < 0.25)
        #expect(c.naive.correct == 7)
        // Every address's host count is right (NAT'd homes: the forwarded device and the PC).
        #expect(e.hostCounts.meanAbsoluteError == 0 && e.hostCounts.coverage == 1 && e.hostCounts.naiveMeanAbsoluteError == 0.125)
        #expect(e.census.hosts.truth == 41 && e.census.hosts.naive == 40 && e.census.hosts.covered)
        #expect(e.census.iotShare.covered && abs(e.census.iotShare.truth - 5.0 / 41) < 1e-12)
        #expect(e.census.iotShare.naiveError > 0.1)   // the 2014 method doubles the IoT share
        #expect(e.census.byClass.first { $0.deviceClass == .pc }?.figure.covered == true)
    }

    @Test func renderings() throws {
        let (e, _) = try Self.evaluated.get()
        let table = EvaluationReport.table(e)
        #expect(table.contains("40 matched, 0 only in the case, 0 only in the truth"))
        #expect(table.contains("false IoT: 0 of 35"))
        let json = try EvaluationReport.json(e)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["scenario", "seed", "addresses", "classification", "calibration", "host_counts", "sender_counts", "blame", "census"])
        let classification = try #require(object["classification"] as? [String: Any])
        #expect((classification["overall"] as? [String: Any])?["accuracy"] as? Double == 1)
        #expect((classification["false_iot"] as? [String: Any])?["rate"] as? Double == 0)
        let bins = try #require((object["calibration"] as? [String: Any])?["bins"] as? [[String: Any]])
        #expect(bins.count == 6)
        // An empty bin keeps its keys, with null figures.
        if let empty = bins.first(where: { $0["count"] as? Int == 0 }) { #expect(empty["accuracy"] is NSNull) }
        #expect(try EvaluationReport.json(e) == json)   // same case, same bytes
    }
}
