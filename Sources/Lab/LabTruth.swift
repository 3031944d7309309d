import BotCensusCore
import Foundation

/// truth.json (docs/TRUTH.md, the simulator's schema) and messages.jsonl for a lab world: from the plan
/// when the lab comes up, and again from what the trap accepted once the hosts have sent.
public enum LabTruth {
    /// `sent`: the messages accepted (nil: as planned, every infected host's messages in every phase).
    public static func write(_ world: LabWorld, sent: [LabSender.Sent]?, start: Double, end: Double, to folder: String) throws {
        struct Message { var time: Double; var phase: Int; var wan: String; var host: LabWorld.Host; var queueID: String? }
        let messages: [Message] = sent.map { $0.map { Message(time: $0.time, phase: $0.phase, wan: $0.wan, host: $0.host, queueID: $0.queueID) } }
            ?? (1...world.phases).flatMap { phase in
                world.infectedHosts.flatMap { host in
                    Array(repeating: Message(time: start, phase: phase, wan: world.wanAddress(household: host.household, phase: phase), host: host, queueID: nil),
                          count: world.messagesPerPhase)
                }
            }
        let byID = Dictionary(uniqueKeysWithValues: world.households.flatMap(\.hosts).map { ($0.id, $0) })
        let senders = Set(messages.map(\.host.id))
        // The scan follows the last phase: at each public address, the UI of the household holding it then.
        var answeringAt: [String: LabWorld.Host] = [:]
        for household in world.households {
            if let device = household.answering { answeringAt[world.wanAddress(household: household.index, phase: world.phases)] = device }
        }
        let answered = Set(answeringAt.values.map(\.id))
        let hosts: [[String: Any]] = world.households.flatMap(\.hosts).filter { senders.contains($0.id) || answered.contains($0.id) }.map { h in
            ["id": h.id, "class": h.cls.rawValue, "os": h.stack.os.rawValue, "household": "hh\(h.household)",
             "infected": h.infected, "ipid": "random", "timestamps": h.stack.timestamps, "stack": h.stack.rawValue]
        }
        var addresses: [[String: Any]] = []
        for (wan, group) in Dictionary(grouping: messages, by: \.wan).sorted(by: { $0.key < $1.key }) {
            var perClass: [DeviceClass: Int] = [:]
            for m in group { perClass[m.host.cls, default: 0] += 1 }
            // A tie goes to the class first in the taxonomy, as the simulator's truth does.
            let order = DeviceClass.allCases
            let top = perClass.sorted { $0.value != $1.value ? $0.value > $1.value
                : order.firstIndex(of: $0.key)! < order.firstIndex(of: $1.key)! }.first!.key
            let households = Set(group.map(\.host.household))
            let behind = households.reduce(0) { $0 + world.households[$1 - 1].hosts.count }
            let ids = Set(group.map(\.host.id)).sorted()
            let device = answeringAt[wan]
            addresses.append(["ip": wan, "messages": group.count, "sender_class": top.rawValue, "senders": ids,
                              "hosts_behind_ip": behind, "devices_seen": Set(ids + (device.map { [$0.id] } ?? [])).count, "nat": true,
                              "answering_class": (device?.cls ?? .unknown).rawValue,
                              "answering_sent": device.map { ids.contains($0.id) as Any } ?? NSNull()])
        }
        var byClass: [String: Int] = [:]
        for id in senders { byClass[byID[id]!.cls.rawValue, default: 0] += 1 }
        let iot = senders.filter { byID[$0]!.cls.isIoT }.count
        let truth: [String: Any] = [
            "scenario": world.name, "seed": world.seed, "start": rfc3339(start), "end": rfc3339(end),
            "hosts": hosts, "addresses": addresses,
            "infected": ["hosts": senders.count, "by_class": byClass,
                         "iot_share": senders.isEmpty ? 0 : (Double(iot) / Double(senders.count) * 10000).rounded() / 10000,
                         "active_at_once_max": senders.count],
        ]
        let data = try JSONSerialization.data(withJSONObject: truth, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        try data.write(to: URL(fileURLWithPath: folder + "/truth.json"), options: .atomic)
        var lines = ""
        for m in messages {
            lines += "{\"time\":\(m.time),\"ip\":\"\(m.wan)\",\"host\":\"\(m.host.id)\",\"class\":\"\(m.host.cls.rawValue)\""
            lines += m.queueID.map { ",\"queue_id\":\"\($0)\",\"phase\":\(m.phase)}\n" } ?? ",\"phase\":\(m.phase)}\n"
        }
        try Data(lines.utf8).write(to: URL(fileURLWithPath: folder + "/messages.jsonl"), options: .atomic)
    }

    static func rfc3339(_ time: Double) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: Date(timeIntervalSince1970: time.rounded(.down)))
    }
}
