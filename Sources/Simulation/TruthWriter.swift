import BotCensusCore

/// truth.json exactly as docs/TRUTH.md describes it, and the optional messages.jsonl.
struct TruthWriter {
    struct HostEntry {
        var id: Int; var cls: DeviceClass; var os: OSFamily; var household: Int; var infected: Bool
        var ipid: IPIDBehaviour; var timestamps: TimestampBehaviour
    }
    struct AddressEntry {
        var ip: UInt32; var messages: Int; var senderClass: DeviceClass; var senders: [Int]
        var hostsBehind: Int; var devicesSeen: Int; var nat: Bool; var answering: DeviceClass
        /// Whether a device that answered the scan here sent spam from here (nil when nothing answered).
        var answeringSent: Bool?
    }
    struct Infected { var hosts: Int; var byClass: [(DeviceClass, Int)]; var iotShare: Double; var activeAtOnceMax: Int }

    static func write(path: String, scenario: Scenario, seed: UInt64, hosts: [HostEntry], addresses: [AddressEntry], infected: Infected) throws {
        let o = try ByteOutput(path: path)
        o.ascii("{"); o.newline()
        o.ascii("  \"scenario\": "); o.jsonString(scenario.name); o.byte(44); o.newline()
        o.ascii("  \"seed\": "); o.text(String(seed)); o.byte(44); o.newline()
        o.ascii("  \"start\": \""); o.rfc3339(Int(scenario.start)); o.ascii("\","); o.newline()
        o.ascii("  \"end\": \""); o.rfc3339(Int(scenario.end)); o.ascii("\","); o.newline()
        o.ascii("  \"hosts\": ["); o.newline()
        for (i, h) in hosts.enumerated() {
            o.ascii("    {\"id\": \"h"); o.int(h.id); o.ascii("\", \"class\": \""); o.text(h.cls.rawValue)
            o.ascii("\", \"os\": \""); o.text(h.os.rawValue); o.ascii("\", \"household\": \"hh"); o.int(h.household)
            o.ascii("\", \"infected\": "); o.ascii(h.infected ? "true" : "false")
            o.ascii(", \"ipid\": \""); o.text(h.ipid.rawValue); o.ascii("\", \"timestamps\": \""); o.text(h.timestamps.rawValue); o.ascii("\"}")
            if i + 1 < hosts.count { o.byte(44) }
            o.newline()
        }
        o.ascii("  ],"); o.newline()
        o.ascii("  \"addresses\": ["); o.newline()
        for (i, a) in addresses.enumerated() {
            o.ascii("    {\"ip\": \""); o.ipv4(a.ip); o.ascii("\", \"messages\": "); o.int(a.messages)
            o.ascii(", \"sender_class\": \""); o.text(a.senderClass.rawValue); o.ascii("\", \"senders\": [")
            for (k, s) in a.senders.enumerated() { if k > 0 { o.ascii(", ") }; o.ascii("\"h"); o.int(s); o.byte(34) }
            o.ascii("], \"hosts_behind_ip\": "); o.int(a.hostsBehind); o.ascii(", \"devices_seen\": "); o.int(a.devicesSeen)
            o.ascii(", \"nat\": "); o.ascii(a.nat ? "true" : "false")
            o.ascii(", \"answering_class\": \""); o.text(a.answering.rawValue)
            o.ascii("\", \"answering_sent\": "); o.ascii(a.answeringSent.map { $0 ? "true" : "false" } ?? "null"); o.ascii("}")
            if i + 1 < addresses.count { o.byte(44) }
            o.newline()
        }
        o.ascii("  ],"); o.newline()
        o.ascii("  \"infected\": {\"hosts\": "); o.int(infected.hosts); o.ascii(", \"by_class\": {")
        for (k, (c, n)) in infected.byClass.enumerated() {
            if k > 0 { o.ascii(", ") }
            o.byte(34); o.text(c.rawValue); o.ascii("\": "); o.int(n)
        }
        o.ascii("}, \"iot_share\": "); o.text(String((infected.iotShare * 10000).rounded() / 10000))
        o.ascii(", \"active_at_once_max\": "); o.int(infected.activeAtOnceMax); o.byte(125); o.newline()
        o.byte(125); o.newline()
        try o.close()
    }
}
