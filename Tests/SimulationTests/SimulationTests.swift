import BotCensusCore
import BotCensusTesting
import Foundation
import Ingest
import Simulation
import Testing

/// Generates worlds into temporary folders and reads them back with botcensus's own importers.
enum Sim {
    static let scenarios = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("scenarios").path

    /// A folder named by `tag` in the test process's scratch folder (removed at exit), empty.
    static func dir(_ tag: String) -> String {
        let path = scratchRoot.appendingPathComponent("sim-\(tag)").path
        try? FileManager.default.removeItem(atPath: path)
        return path
    }

    static func generate(_ name: String, seed: UInt64, tag: String, messageTruth: Bool = false) throws -> (String, Simulator.Summary) {
        let scenario = try Scenario.load(path: "\(scenarios)/\(name).json")
        let out = dir("\(tag)-\(seed)")
        return (out, try Simulator.run(scenario: scenario, seed: seed, outDir: out, messageTruth: messageTruth))
    }

    static func truth(_ dir: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(dir)/truth.json"))) as! [String: Any]
    }

    /// Imports one file; returns the records and the summary.
    static func read(_ path: String, _ format: String, synLabeler: SynLabeler? = nil) throws -> ([Evidence], ImportDriver.Summary, [String]) {
        var records: [Evidence] = []
        var bad: [String] = []
        let driver = try ImportDriver(path: path, formatName: format, options: ImportOptions(year: 2026, localTime: .utc, synLabeler: synLabeler),
                                      strict: false)
        let summary = try driver.run(report: { bad.append($0.description) }, sink: { records.append($0) })
        return (records, summary, bad)
    }
}

@Suite struct SimulationTests {
    @Test func sameSeedSameBytesOtherSeedOtherBytes() throws {
        let (a, sa) = try Sim.generate("thingbot-small", seed: 7, tag: "det-a", messageTruth: true)
        let (b, _) = try Sim.generate("thingbot-small", seed: 7, tag: "det-b", messageTruth: true)
        let (c, _) = try Sim.generate("thingbot-small", seed: 8, tag: "det-c", messageTruth: true)
        let names = sa.files.map(\.name)
        #expect(Set(names) == ["trap-1.postfix.log", "trap-2.postfix.log", "trap-1.p0f.log", "trap-2.p0f.log",
                               "trap-1.syn.pcap", "trap-2.syn.pcap", "scan.zgrab2.jsonl", "truth.json", "messages.jsonl"])
        for name in names {
            let x = try Data(contentsOf: URL(fileURLWithPath: "\(a)/\(name)"))
            let y = try Data(contentsOf: URL(fileURLWithPath: "\(b)/\(name)"))
            let z = try Data(contentsOf: URL(fileURLWithPath: "\(c)/\(name)"))
            #expect(!x.isEmpty, "\(name) is empty")
            #expect(x == y, "\(name) differs between two runs with seed 7")
            #expect(x != z, "\(name) is the same with seeds 7 and 8")
        }
    }

    @Test func logsImportCleanAndMatchTruth() throws {
        let (dir, summary) = try Sim.generate("thingbot-small", seed: 7, tag: "import")
        let truth = try Sim.truth(dir)
        var truthMessages: [String: Int] = [:]
        for a in truth["addresses"] as! [[String: Any]] { truthMessages[a["ip"] as! String] = a["messages"] as? Int }
        #expect(truthMessages.count == summary.addresses)

        var messages: [String: Int] = [:]
        var connections = 0
        var syns = 0
        for trap in 1...2 {
            let (events, s, bad) = try Sim.read("\(dir)/trap-\(trap).postfix.log", "postfix")
            #expect(bad.isEmpty, "\(bad.prefix(3))")
            #expect(s.badLines == 0)
            for case .event(let e) in events {
                if e.kind == .message { messages[e.ip.description, default: 0] += 1 } else { connections += 1 }
                #expect(e.time >= 1_767_657_600 && e.time < 1_767_657_600 + 14 * 86400)
            }
            let (synRecords, ps, pbad) = try Sim.read("\(dir)/trap-\(trap).p0f.log", "p0f")
            #expect(pbad.isEmpty, "\(pbad.prefix(3))")
            #expect(ps.badLines == 0 && ps.records == ps.lines)
            for case .syn(let syn) in synRecords {
                #expect(truthMessages[syn.src.description] != nil, "SYN from an address that sent nothing")
                syns += 1
            }
        }
        #expect(messages == truthMessages)
        #expect(connections == summary.messages)
        #expect(syns > summary.messages * 9 / 10 && syns <= summary.messages)

        let (observations, zs, zbad) = try Sim.read("\(dir)/scan.zgrab2.jsonl", "zgrab2")
        #expect(zbad.isEmpty, "\(zbad.prefix(3))")
        #expect(zs.badLines == 0 && zs.lines > 0)
        var answered = Set<String>()
        for case .observation(let o) in observations {
            answered.insert(o.ip.description)
            #expect(truthMessages[o.ip.description] != nil, "scanned an address that sent nothing")
        }
        let answeringInTruth = (truth["addresses"] as! [[String: Any]]).filter { ($0["answering_class"] as! String) != "unknown" }
        #expect(Set(answeringInTruth.map { $0["ip"] as! String }) == answered)
    }

    @Test func natFridgeWithWindowsSenderAndChurnAppear() throws {
        let (dir, _) = try Sim.generate("thingbot-small", seed: 7, tag: "story")
        let truth = try Sim.truth(dir)
        let hosts = Dictionary(uniqueKeysWithValues: (truth["hosts"] as! [[String: Any]]).map { ($0["id"] as! String, $0) })
        let addresses = truth["addresses"] as! [[String: Any]]
        // A NAT household whose forwarded appliance answers while a Windows PC behind it sends.
        let fridgeCases = addresses.filter { a in
            a["nat"] as? Bool == true && a["answering_class"] as? String == "appliance" && a["sender_class"] as? String == "pc"
                && (a["senders"] as! [String]).contains { hosts[$0]?["os"] as? String == "windows" }
        }
        #expect(!fridgeCases.isEmpty)
        // In some of them the fridge is in the sender's own household (others: the address changed hands
        // before the scan, and the fridge belongs to the next household).
        let sameHousehold = fridgeCases.filter { a in
            let household = hosts[(a["senders"] as! [String])[0]]!["household"] as! String
            return hosts.values.contains { $0["household"] as? String == household && $0["class"] as? String == "appliance" && $0["infected"] as? Bool == false }
        }
        #expect(!sameHousehold.isEmpty)
        for a in sameHousehold { #expect((a["hosts_behind_ip"] as! Int) >= 3) }
        // Churn: one host sends from several addresses.
        var addressesPerHost: [String: Int] = [:]
        for a in addresses { for s in a["senders"] as! [String] { addressesPerHost[s, default: 0] += 1 } }
        #expect(addressesPerHost.values.contains { $0 >= 3 })
        // IPs overcount hosts, and a CGN address hides many households.
        let infected = truth["infected"] as! [String: Any]
        #expect(addresses.count > (infected["hosts"] as! Int))
        #expect(addresses.contains { $0["nat"] as? Bool == true && ($0["hosts_behind_ip"] as! Int) > 40 })
        // Some hosts sit behind a direct address: not NAT, one host.
        #expect(addresses.contains { $0["nat"] as? Bool == false && ($0["hosts_behind_ip"] as! Int) == 1 })
    }

    @Test func truthHasExactlyTheDocumentedKeys() throws {
        let (dir, _) = try Sim.generate("thingbot-small", seed: 3, tag: "keys")
        let truth = try Sim.truth(dir)
        #expect(Set(truth.keys) == ["scenario", "seed", "start", "end", "hosts", "addresses", "infected"])
        #expect(truth["scenario"] as? String == "thingbot-small")
        #expect(truth["seed"] as? Int == 3)
        #expect(truth["start"] as? String == "2026-01-06T00:00:00Z")
        #expect(truth["end"] as? String == "2026-01-20T00:00:00Z")
        let classes = Set(DeviceClass.allCases.map(\.rawValue))
        for h in truth["hosts"] as! [[String: Any]] {
            #expect(Set(h.keys) == ["id", "class", "os", "household", "infected", "ipid", "timestamps"])
            #expect(["incremental", "zero", "random"].contains(h["ipid"] as! String))
            #expect(["none", "raw-uptime", "per-address-pair-offset", "per-connection-random"].contains(h["timestamps"] as! String))
            #expect(classes.contains(h["class"] as! String))
            #expect(OSFamily(rawValue: h["os"] as! String) != nil)
        }
        for a in truth["addresses"] as! [[String: Any]] {
            #expect(Set(a.keys) == ["ip", "messages", "sender_class", "senders", "hosts_behind_ip", "devices_seen", "nat", "answering_class",
                                    "answering_sent"])
            // Whether what answered sent: known exactly where something answered.
            #expect((a["answering_class"] as! String == "unknown") == (a["answering_sent"] is NSNull))
            #expect(IPAddress(a["ip"] as! String) != nil)
            // Devices seen: at least every sender, at most every device behind the address.
            let seen = a["devices_seen"] as! Int
            #expect(seen >= (a["senders"] as! [Any]).count && seen <= a["hosts_behind_ip"] as! Int)
        }
        let infected = truth["infected"] as! [String: Any]
        #expect(Set(infected.keys) == ["hosts", "by_class", "iot_share", "active_at_once_max"])
        let byClass = infected["by_class"] as! [String: Int]
        #expect(byClass.values.reduce(0, +) == infected["hosts"] as! Int)
    }

    @Test func messageTruthMatchesTheLogs() throws {
        let (dir, summary) = try Sim.generate("thingbot-small", seed: 5, tag: "msgs", messageTruth: true)
        let text = try String(contentsOfFile: "\(dir)/messages.jsonl", encoding: .utf8)
        let lines = text.split(separator: "\n")
        #expect(lines.count == summary.messages)
        let first = try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as! [String: Any]
        #expect(Set(first.keys) == ["time", "ip", "host", "class"])
    }

    @Test func scenariosLoadAndBadOnesAreRejected() throws {
        for name in ["thingbot", "thingbot-small", "no-nat", "heavy-churn", "heavy-churn-reactive", "cgn", "iot-swarm",
                     "stress/phone-heavy", "stress/iot-on-pc-stacks"] {
            #expect(throws: Never.self) { try Scenario.load(path: "\(Sim.scenarios)/\(name).json") }
        }
        let outside = #"{"pools":[{"cidr":"10.0.0.0/16"}]}"#
        #expect(throws: Scenario.Invalid.self) { try Scenario.parse(Data(outside.utf8)) }
        // Worlds larger than 198.18.0.0/15 (bench-scale's) live in 240.0.0.0/4, reserved and never routed; its
        // neighbour 224.0.0.0/4 (multicast) is not for them.
        let reserved = #"{"households":500000,"pools":[{"cidr":"240.0.0.0/12"}]}"#
        #expect(throws: Never.self) { try Scenario.parse(Data(reserved.utf8)) }
        let multicast = #"{"pools":[{"cidr":"239.0.0.0/16"}]}"#
        #expect(throws: Scenario.Invalid.self) { try Scenario.parse(Data(multicast.utf8)) }
        let tooSmall = #"{"households":1000,"pools":[{"cidr":"192.0.2.0/24"}]}"#
        #expect(throws: Scenario.Invalid.self) { try Scenario.parse(Data(tooSmall.utf8)) }
        let noSuchStack = #"{"pools":[{"cidr":"198.18.0.0/16"}],"class_stacks":{"tv":{"windows-ce":1}}}"#
        #expect(throws: Scenario.Invalid.self) { try Scenario.parse(Data(noSuchStack.utf8)) }
    }

    /// `class_stacks` puts a class on other stacks: the stress world's TVs are Android boxes, its DVRs run
    /// Windows or embedded Linux, and the truth says so.
    @Test func classStacksOverrideAClassesStacks() throws {
        let (dir, _) = try Sim.generate("stress/iot-on-pc-stacks", seed: 3, tag: "stacks")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let hosts = try Sim.truth(dir)["hosts"] as! [[String: Any]]
        let tvs = hosts.filter { $0["class"] as? String == "tv" }, dvrs = hosts.filter { $0["class"] as? String == "dvr" }
        #expect(!tvs.isEmpty && tvs.allSatisfy { $0["os"] as? String == "mobile" })
        #expect(Set(dvrs.compactMap { $0["os"] as? String }) == ["windows", "embedded-linux"])
    }
}
