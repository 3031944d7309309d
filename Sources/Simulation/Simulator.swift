import BotCensusCore
import Foundation

/// Generates a world from a scenario and a seed and writes its evidence and truth to a folder.
/// Deterministic: the same scenario and seed give the same bytes (no wall clock, no hash-order iteration).
public enum Simulator {
    public struct WrittenFile: Sendable { public var name: String; public var lines: Int; public var bytes: Int }
    public struct Summary: Sendable {
        public var files: [WrittenFile] = []
        public var households = 0
        public var messages = 0
        public var addresses = 0
        public var infectedHosts = 0
        public var answeringAddresses = 0
    }

    /// `progress` counts the messages written (a status line on a terminal; nothing changes in the output).
    public static func run(scenario s: Scenario, seed: UInt64, outDir: String, messageTruth: Bool = true,
                           progress: TerminalProgress? = nil) throws -> Summary {
        try FileManager.default.createDirectory(atPath: outDir, withIntermediateDirectories: true)
        var summary = Summary()
        let builder = WorldBuilder(scenario: s, seed: seed)

        // 1. Every household once: device numbering, device counts, and the infected households kept.
        var deviceBase = [Int](repeating: 0, count: s.households + 1)
        var deviceCount = [UInt8](repeating: 0, count: s.households)
        var infected: [Household] = []
        for n in 0..<s.households {
            let h = builder.household(n)
            deviceCount[n] = UInt8(h.devices.count)
            deviceBase[n + 1] = deviceBase[n] + h.devices.count
            if h.infected { infected.append(h) }
        }
        summary.households = s.households
        var cache: [Int: Household] = [:]
        for h in infected { cache[h.number] = h }

        // 2. Leases over the campaign and up to the last scan.
        let scanTimes = s.scans.map { s.start + $0.atHours * 3600 }
        let horizon = max(s.end, (scanTimes.max() ?? s.end) + 1)
        let leases = LeaseBook(scenario: s, builder: builder, seed: seed, horizon: horizon,
                               tracked: Set(infected.map { $0.number }), snapshotTimes: scanTimes,
                               recordEpochs: s.scans.contains { $0.reactiveMinutes != nil })

        // 3. The campaign.
        let messages = Campaign.messages(scenario: s, seed: seed, households: infected, deviceBase: { deviceBase[$0] }, leases: leases)
        summary.messages = messages.count

        // 4. Traps.
        let postfix = try s.traps.enumerated().map { i, t in
            try PostfixWriter(path: "\(outDir)/trap-\(i + 1).postfix.log", hostname: t.hostname, seed: SimRandom.mix(seed &+ UInt64(i)))
        }
        let p0f = try s.traps.enumerated().map { i, t in try P0fWriter(path: "\(outDir)/trap-\(i + 1).p0f.log", trapIP: IPv4.parse(t.ip)!) }
        let pcaps = try s.traps.enumerated().map { i, t in try SynPcapWriter(path: "\(outDir)/trap-\(i + 1).syn.pcap", trapIP: IPv4.parse(t.ip)!) }
        let syns = SynSender(seed: seed, start: s.start, households: infected, deviceBase: { deviceBase[$0] })
        let messageOut = messageTruth ? try ByteOutput(path: "\(outDir)/messages.jsonl") : nil
        let classes = DeviceClass.allCases
        struct Stat { var messages = 0; var first = Int.max; var byClass = [Int](repeating: 0, count: DeviceClass.allCases.count); var senders = Set<UInt32>(); var households = Set<Int32>() }
        var stats: [UInt32: Stat] = [:]
        var senderHousehold: [Int: Int] = [:]
        var activeMax = 0
        var hour = Int.min
        var active = Set<UInt32>()
        for (i, m) in messages.enumerated() {
            progress?.record()
            postfix[Int(m.trap)].write(m)
            if m.p0f { p0f[Int(m.trap)].write(m) }
            syns.send(m, number: i, to: m.p0f ? pcaps[Int(m.trap)] : nil)
            if let o = messageOut {
                o.ascii("{\"time\":\""); o.rfc3339(m.time); o.ascii("\",\"ip\":\""); o.ipv4(m.address); o.ascii("\",\"host\":\"h")
                o.int(Int(m.device)); o.ascii("\",\"class\":\""); o.text(classes[Int(m.cls)].rawValue); o.ascii("\"}"); o.newline()
            }
            stats[m.address, default: Stat()].messages += 1
            stats[m.address]!.first = min(stats[m.address]!.first, m.time)
            stats[m.address]!.byClass[Int(m.cls)] += 1
            stats[m.address]!.senders.insert(m.device)
            stats[m.address]!.households.insert(m.household)
            senderHousehold[Int(m.device)] = Int(m.household)
            let hr = (m.time - Int(s.start)) / 3600
            if hr != hour { hour = hr; active.removeAll(keepingCapacity: true) }
            active.insert(m.device)
            activeMax = max(activeMax, active.count)
        }
        for (i, w) in postfix.enumerated() {
            try w.out.close()
            summary.files.append(WrittenFile(name: "trap-\(i + 1).postfix.log", lines: w.out.lines, bytes: w.out.bytesWritten))
        }
        for (i, w) in p0f.enumerated() {
            try w.out.close()
            summary.files.append(WrittenFile(name: "trap-\(i + 1).p0f.log", lines: w.out.lines, bytes: w.out.bytesWritten))
        }
        for (i, w) in pcaps.enumerated() {
            try w.close()
            summary.files.append(WrittenFile(name: "trap-\(i + 1).syn.pcap", lines: w.out.lines, bytes: w.out.bytesWritten))
        }
        summary.addresses = stats.count

        // 5. The scan.
        let zgrab = try Zgrab2Writer(path: "\(outDir)/scan.zgrab2.jsonl")
        var answering: [UInt32: DeviceClass] = [:]
        var answeredDevices: [Int: Int] = [:]   // global device → household
        var answeredAt: [UInt32: Set<Int>] = [:]  // address → global devices that answered there, with their household
        var answeringSent: [UInt32: Bool] = [:]
        Scanner.run(scenario: s, leases: leases, builder: builder, cache: cache, firstSpam: stats.mapValues { $0.first }, writer: zgrab) { ip, _, answer in
            if answering[ip] == nil {
                answering[ip] = Scanner.naiveClass(answer.devices)
                // Did what answered send spam from this address? The question the 2014 method never asked.
                let answeredIDs = answer.devices.map { UInt32(deviceBase[answer.household] + $0.index) }
                answeringSent[ip] = answeredIDs.contains { stats[ip]?.senders.contains($0) == true }
            }
            for d in answer.devices {
                answeredDevices[deviceBase[answer.household] + d.index] = answer.household
                // Seen at this address while it sent: only a household that sent through it counts.
                if stats[ip]?.households.contains(Int32(answer.household)) == true {
                    answeredAt[ip, default: []].insert(deviceBase[answer.household] + d.index)
                }
            }
        }
        try zgrab.out.close()
        summary.files.append(WrittenFile(name: "scan.zgrab2.jsonl", lines: zgrab.out.lines, bytes: zgrab.out.bytesWritten))
        summary.answeringAddresses = answering.count

        // 6. Truth.
        func household(_ n: Int) -> Household {
            if let h = cache[n] { return h }
            let h = builder.household(n)
            cache[n] = h
            return h
        }
        var hostIDs = senderHousehold
        for (d, h) in answeredDevices { hostIDs[d] = h }
        var hosts: [TruthWriter.HostEntry] = []
        for id in hostIDs.keys.sorted() {
            let n = hostIDs[id]!
            let d = household(n).devices[id - deviceBase[n]]
            hosts.append(.init(id: id, cls: d.cls, os: d.stack.os, household: n, infected: d.infected,
                               ipid: d.stack.ipid, timestamps: d.stack.timestamps))
        }
        var addresses: [TruthWriter.AddressEntry] = []
        for ip in stats.keys.sorted() {
            let st = stats[ip]!
            var best = 0
            for c in st.byClass.indices where st.byClass[c] > st.byClass[best] { best = c }
            let cgn = leases.pool(of: ip).map { leases.pools[$0].cgn } ?? false
            let behind: Int
            let nat: Bool
            if cgn {
                behind = leases.cgnHouseholds(of: ip).reduce(0) { $0 + Int(deviceCount[$1]) }
                nat = true
            } else {
                behind = st.households.reduce(0) { $0 + Int(deviceCount[Int($1)]) }
                nat = st.households.contains { household(Int($0)).nat }
            }
            let seen = Set(st.senders.map { Int($0) }).union(answeredAt[ip] ?? [])
            addresses.append(.init(ip: ip, messages: st.messages, senderClass: classes[best], senders: st.senders.map { Int($0) }.sorted(),
                                   hostsBehind: behind, devicesSeen: seen.count, nat: nat, answering: answering[ip] ?? .unknown,
                                   answeringSent: answeringSent[ip]))
        }
        var byClass: [DeviceClass: Int] = [:]
        for d in senderHousehold.keys {
            let n = senderHousehold[d]!
            byClass[household(n).devices[d - deviceBase[n]].cls, default: 0] += 1
        }
        let total = senderHousehold.count
        let iot = byClass.filter { $0.key.isIoT }.values.reduce(0, +)
        let truth = TruthWriter.Infected(hosts: total, byClass: byClass.keys.sorted().map { ($0, byClass[$0]!) },
                                         iotShare: total == 0 ? 0 : Double(iot) / Double(total), activeAtOnceMax: activeMax)
        try TruthWriter.write(path: "\(outDir)/truth.json", scenario: s, seed: seed, hosts: hosts, addresses: addresses, infected: truth)
        summary.infectedHosts = total
        summary.files.append(WrittenFile(name: "truth.json", lines: 0, bytes: (try? FileManager.default.attributesOfItem(atPath: "\(outDir)/truth.json")[.size] as? Int) ?? 0))
        if let o = messageOut {
            try o.close()
            summary.files.append(WrittenFile(name: "messages.jsonl", lines: o.lines, bytes: o.bytesWritten))
        }
        return summary
    }
}
