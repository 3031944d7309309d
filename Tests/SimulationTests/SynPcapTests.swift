import BotCensusCore
import Foundation
import Ingest
import Simulation
import Testing
@testable import Workflow

/// The simulated traps' SYN captures: the same connections as their p0f logs with the same p0f reading,
/// and IP IDs and TCP timestamps that follow each sending host's stack behaviour in truth.json.
@Suite struct SynPcapTests {
    /// A SYN as compared between the two files: who, when (p0f's whole second) and p0f's reading.
    struct Reading: Hashable, Comparable {
        var client: String, second: Int, label: String, distance: Int, params: String, raw: String
        static func < (a: Reading, b: Reading) -> Bool {
            (a.second, a.client, a.raw) < (b.second, b.client, b.raw)
        }
    }

    static func readings(_ records: [Evidence], labelled: Bool) -> [Reading] {
        records.compactMap { e -> Reading? in
            guard case .syn(let s) = e else { return nil }
            return Reading(client: "\(s.src)/\(s.sport)", second: Int(s.time.rounded(.down)),
                           label: labelled ? s.osLabel ?? "???" : "", distance: s.distance ?? -1,
                           params: labelled ? s.params ?? "" : "", raw: s.signature.raw)
        }.sorted()
    }

    @Test func captureGivesTheP0fLogsReadingOfEveryConnection() throws {
        let (dir, _) = try Sim.generate("thingbot-small", seed: 7, tag: "pcap")
        let labeler = FileManager.default.fileExists(atPath: "/etc/p0f/p0f.fp") ? CaseImporter.p0fLabeler(warn: { Issue.record("\($0)") }) : nil
        if labeler == nil { print("note: /etc/p0f/p0f.fp is absent: compared raw_sig and distance only, not labels") }
        var compared = 0
        for trap in 1...2 {
            let (logRecords, _, logBad) = try Sim.read("\(dir)/trap-\(trap).p0f.log", "p0f")
            let (pcapRecords, summary, pcapBad) = try Sim.read("\(dir)/trap-\(trap).syn.pcap", "pcap", synLabeler: labeler)
            #expect(logBad.isEmpty && pcapBad.isEmpty, "\(logBad.prefix(2)) \(pcapBad.prefix(2))")
            #expect(summary.ignored == 0)
            let fromLog = Self.readings(logRecords, labelled: labeler != nil)
            let fromPcap = Self.readings(pcapRecords, labelled: labeler != nil)
            #expect(fromLog.count == fromPcap.count && !fromLog.isEmpty)
            #expect(fromLog == fromPcap)
            for (a, b) in zip(fromLog, fromPcap) where a != b {
                Issue.record("p0f log \(a) ≠ capture \(b)")
                break
            }
            compared += fromLog.count
        }
        print("SynPcapTests: \(compared) SYNs, capture and p0f log give the same label, distance, params and raw_sig")
    }

    /// One host's SYNs from the capture, told apart by messages.jsonl (connections whose second and address
    /// name exactly one host).
    struct HostSyn { var time: Double; var trap: Int; var ipID: Int; var tsVal: UInt32? }

    @Test func ipIDsAndTimestampsFollowEachHostsStack() throws {
        let (dir, _) = try Sim.generate("thingbot-small", seed: 11, tag: "pcap-models", messageTruth: true)
        let truth = try Sim.truth(dir)
        var behaviour: [String: (ipid: String, ts: String)] = [:]
        for h in truth["hosts"] as! [[String: Any]] { behaviour[h["id"] as! String] = (h["ipid"] as! String, h["timestamps"] as! String) }
        var senders: [String: Set<String>] = [:]   // "second ip" → hosts
        let iso = ISO8601DateFormatter()
        for line in try String(contentsOfFile: "\(dir)/messages.jsonl", encoding: .utf8).split(separator: "\n") {
            let m = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: String]
            let t = Int(iso.date(from: m["time"]!)!.timeIntervalSince1970)
            senders["\(t) \(m["ip"]!)", default: []].insert(m["host"]!)
        }
        var byHost: [String: [HostSyn]] = [:]
        for trap in 1...2 {
            let (records, _, _) = try Sim.read("\(dir)/trap-\(trap).syn.pcap", "pcap")
            for case .syn(let s) in records {
                guard let hosts = senders["\(Int(s.time.rounded(.down))) \(s.src)"], hosts.count == 1 else { continue }
                byHost[hosts.first!, default: []].append(HostSyn(time: s.time, trap: trap, ipID: s.ipID!, tsVal: s.tsVal))
            }
        }
        var checked: [String: Int] = [:]
        for host in byHost.keys.sorted() {
            let syns = byHost[host]!.sorted { $0.time < $1.time }
            let (ipid, ts) = behaviour[host]!
            checked[ipid, default: 0] += 1
            checked[ts, default: 0] += 1
            #expect((ts == "none") == (syns[0].tsVal == nil), "\(host)")
            switch ipid {
            case "zero": #expect(syns.allSatisfy { $0.ipID == 0 }, "\(host)")
            case "random": #expect(syns.allSatisfy { $0.ipID != 0 }, "\(host)")
            default:
                // One counter: each SYN is a small step forward (≤ 20 packets/s of other traffic, plus its own
                // SYNs; the count skips zero, so it wraps from 65535 to 1).
                for (a, b) in zip(syns, syns.dropFirst()) where b.time - a.time < 3000 {
                    let step = (b.ipID - a.ipID + 65535) % 65535
                    #expect(step >= 1 && Double(step) <= 20 * (b.time - a.time) + 50, "\(host): \(a.ipID) → \(b.ipID)")
                }
            }
            // A clock ticks at a fixed rate per trap (raw uptime also across traps); a random offset does not.
            func rate(_ a: HostSyn, _ b: HostSyn) -> Double {
                Double(b.tsVal! &- a.tsVal!) / (b.time - a.time)   // modulo 2^32: the clock wraps
            }
            let sameTrap = zip(syns, syns.dropFirst()).filter { $0.trap == $1.trap && $1.time - $0.time > 20 }
            switch ts {
            case "raw-uptime", "per-address-pair-offset":
                for (a, b) in sameTrap {
                    let r = rate(a, b)
                    #expect([100.0, 250, 1000].contains { abs(r - $0) < $0 * 2e-4 + 0.2 }, "\(host): \(r) Hz")
                }
                if ts == "raw-uptime", let first = syns.first, let other = syns.first(where: { $0.trap != first.trap && $0.time - first.time > 20 }) {
                    let r = rate(first, other)
                    #expect([100.0, 250].contains { abs(r - $0) < $0 * 2e-4 + 0.2 }, "\(host): \(r) Hz across traps")
                }
            case "per-connection-random":
                let clocklike = sameTrap.filter { a, b in [100.0, 250, 1000].contains { abs(rate(a, b) - $0) < $0 * 2e-4 + 0.2 } }
                #expect(clocklike.isEmpty, "\(host)")
            default: break
            }
        }
        print("SynPcapTests: hosts checked per behaviour \(checked.sorted { $0.key < $1.key })")
        for name in ["incremental", "random", "none", "raw-uptime", "per-address-pair-offset"] {
            #expect(checked[name, default: 0] > 0, "no host with \(name) behaviour was checked")
        }
    }
}
