import BotCensusCore
import Store

/// `/api/addresses/{ip}`: the address's verdict (the contract object, or null when it sent nothing the
/// analysis has seen) and one page of its timeline, each entry typed (`event`, `syn`, `observation`) with
/// every key present, null when unknown. Keys sorted, as all botcensus JSON.
enum AddressJSON {
    static let parameters = ["limit", "offset"]
    static let defaultLimit = 500
    static let maxLimit = 5000

    static func render(ip: IPAddress, verdict: Verdict?, timeline: AddressTimeline, limit: Int, offset: Int) -> [UInt8] {
        // An address's text is digits, hex, dots and colons: nothing to escape.
        var out: [UInt8] = Array(#"{"ip":"\#(ip)","timeline":{"entries":["#.utf8)
        var j = JSONLine(capacity: 2048)
        for (i, entry) in timeline.entries.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            write(entry, into: &j)
            j.withBytes { out.append(contentsOf: $0.dropLast()) }
        }
        let next = offset + limit < timeline.total ? String(offset + limit) : "null"
        out += Array(#"],"limit":\#(limit),"next_offset":\#(next),"offset":\#(offset),"total":\#(timeline.total)},"verdict":"#.utf8)
        if let verdict {
            verdict.writeJSON(into: &j)
            j.withBytes { out.append(contentsOf: $0.dropLast()) }
        } else {
            out += Array("null".utf8)
        }
        out += Array("}\n".utf8)
        return out
    }

    static func write(_ entry: AddressTimeline.Entry, into j: inout JSONLine) {
        j.begin()
        switch entry {
        case .event(let stored):
            let e = stored.event
            j.string("campaign", e.campaign); j.string("helo", e.helo); j.string("hostname", e.hostname); j.int64("id", stored.id)
            j.string("kind", e.kind.rawValue); j.string("mailer", e.mailer); j.string("message_id", e.messageID)
            j.string("queue_id", e.queueID); j.string("source", e.source.description); j.string("subject", e.subject)
            j.int64("syn_id", stored.synID); j.time("time", e.time); j.string("type", "event")
        case .syn(let stored):
            let s = stored.syn
            j.int("dist", s.distance); j.int("dport", s.dport); j.string("dst", s.dst?.description); j.int64("id", stored.id)
            j.int("ipid", s.ipID); j.bool("joined", stored.joined); j.string("os_label", s.osLabel); j.string("params", s.params)
            j.string("raw_sig", s.signature.raw); j.string("source", s.source.description); j.int("sport", s.sport)
            j.time("time", s.time); j.int("ts_val", s.tsVal.map { Int($0) }); j.string("type", "syn")
        case .observation(let stored):
            let o = stored.observation
            j.object("fields") { f in
                for (name, value) in o.fields.sorted(by: { $0.key < $1.key }) { f.key(name); f.appendQuoted(value) }
            }
            j.int64("id", stored.id)
            if let id = stored.identity {
                j.object("identity") { i in
                    i.string("class", id.deviceClass.rawValue); i.string("database", id.database); i.string("field", id.field)
                    i.string("os", id.os.rawValue); i.string("product", id.product); i.string("signature", id.signature)
                    i.string("vendor", id.vendor); i.string("version", id.version)
                }
            } else {
                j.key("identity"); j.null()
            }
            j.int("port", o.port); j.string("protocol", o.proto); j.string("source", o.source.description)
            j.time("time", o.time); j.string("type", "observation")
        }
        j.end()
    }
}
