import BotCensusCore
import Foundation
import Store

/// What the case will say about a message, written into its spool record before the `250`: the envelope, the
/// event (sender, time, header facts) and the session as it stood (peer, HELO, TLS, AUTH attempts, SYN). With
/// this beside the bytes, the fsynced record alone is the durable form of an accepted message, as Postfix's
/// queue file is; the case row follows from it (at once while the trap runs, or from the record at the next
/// start if the row was lost with the process or the machine). One JSON object, read back only at start.
enum SpoolRecordMeta {
    struct DecodeError: Error, CustomStringConvertible {
        var description: String
    }

    /// `ownFile`: the message's own file, for one too large for its record.
    static func encode(_ message: TrapMessage, session: TrapSession, ownFile: String?) -> [UInt8] {
        var line = JSONLine(capacity: 1024)
        line.begin()
        line.string("file", ownFile)
        line.string("mail_from", message.mailFrom)
        line.strings("rcpt", message.recipients)
        line.double("received", message.received)
        line.bool("relayed", message.relayed)
        line.string("session_id", message.sessionID)
        line.string("sha256", message.sha256)
        line.int("size", message.size)
        line.object("event") { e in
            let event = message.event
            e.string("ip", event.ip.description)
            e.double("time", event.time)
            e.string("hostname", event.hostname)
            e.string("helo", event.helo)
            e.string("queue_id", event.queueID)
            e.string("session", event.session)
            e.string("campaign", event.campaign)
            e.string("message_id", event.messageID)
            e.string("subject", event.subject)
            e.string("mailer", event.mailer)
            e.double("sent_at", event.sentAt)
            e.string("source", event.source.file)
        }
        line.object("session") { s in
            s.string("id", session.id)
            s.string("peer", session.peer.description)
            s.int("peer_port", session.peerPort)
            s.string("local", session.local.description)
            s.int("local_port", session.localPort)
            s.double("started", session.started)
            s.double("ended", session.ended)
            s.string("helo", session.helo)
            s.string("tls", session.tls)
            s.strings("auth", session.authAttempts)
            s.string("syn_status", session.synStatus)
            s.int("commands", session.commands)
            s.int("messages", session.messages)
            s.string("close_reason", session.closeReason)
            s.bool("trusted_relay", session.fromTrustedRelay)
            if let syn = session.syn {
                s.object("syn") { y in
                    y.string("src", syn.src.description)
                    y.int("sport", syn.sport)
                    y.string("dst", syn.dst?.description)
                    y.int("dport", syn.dport)
                    y.double("time", syn.time)
                    y.string("os", syn.osLabel)
                    y.int("distance", syn.distance)
                    y.string("params", syn.params)
                    y.string("signature", syn.signature.raw)
                    y.int("ip_id", syn.ipID)
                    y.int("tsval", syn.tsVal.map { Int($0) })
                    y.string("source", syn.source.file)
                }
            }
        }
        line.end()
        return line.bytes
    }

    /// The message and its session as `encode` wrote them; the message's bytes are `path` from `offset`
    /// (a segment record), or its own file as the record names it.
    static func decode(_ bytes: Data, queueID: String, path: String, offset: Int) throws -> (TrapMessage, TrapSession) {
        guard let root = try JSONSerialization.jsonObject(with: bytes) as? [String: Any],
              let e = root["event"] as? [String: Any], let s = root["session"] as? [String: Any] else {
            throw DecodeError(description: "not a record description")
        }
        func text(_ object: [String: Any], _ key: String) -> String? { object[key] as? String }
        func number(_ object: [String: Any], _ key: String) -> Double? { (object[key] as? NSNumber)?.doubleValue }
        func integer(_ object: [String: Any], _ key: String) -> Int? { (object[key] as? NSNumber)?.intValue }
        func address(_ object: [String: Any], _ key: String) throws -> IPAddress {
            guard let value = text(object, key), let ip = IPAddress(value) else { throw DecodeError(description: "\(key): no address") }
            return ip
        }
        func required<T>(_ value: T?, _ key: String) throws -> T {
            guard let value else { throw DecodeError(description: "\(key) missing") }
            return value
        }

        let event = SpamEvent(ip: try address(e, "ip"), time: try required(number(e, "time"), "event.time"), kind: .message,
                              hostname: text(e, "hostname"), helo: text(e, "helo"), queueID: text(e, "queue_id"),
                              session: text(e, "session"), campaign: text(e, "campaign"), messageID: text(e, "message_id"),
                              subject: text(e, "subject"), mailer: text(e, "mailer"), sentAt: number(e, "sent_at"),
                              source: SourceRef(file: text(e, "source") ?? "trap", line: 0))
        var syn: SynRecord?
        if let y = s["syn"] as? [String: Any] {
            syn = SynRecord(src: try address(y, "src"), sport: try required(integer(y, "sport"), "syn.sport"),
                            dst: text(y, "dst").flatMap(IPAddress.init), dport: integer(y, "dport"),
                            time: try required(number(y, "time"), "syn.time"), osLabel: text(y, "os"),
                            distance: integer(y, "distance"), params: text(y, "params"),
                            signature: try TCPSignature(parsing: try required(text(y, "signature"), "syn.signature")),
                            ipID: integer(y, "ip_id"), tsVal: integer(y, "tsval").map { UInt32(truncatingIfNeeded: $0) },
                            source: SourceRef(file: text(y, "source") ?? "trap", line: 0))
        }
        var session = TrapSession(id: try required(text(s, "id"), "session.id"), peer: try address(s, "peer"),
                                  peerPort: integer(s, "peer_port") ?? 0, local: try address(s, "local"),
                                  localPort: integer(s, "local_port") ?? 0, started: try required(number(s, "started"), "session.started"),
                                  syn: syn, synStatus: text(s, "syn_status") ?? "captured")
        session.ended = number(s, "ended")
        session.helo = text(s, "helo")
        session.tls = text(s, "tls")
        session.authAttempts = s["auth"] as? [String] ?? []
        session.commands = integer(s, "commands") ?? 0
        session.messages = integer(s, "messages") ?? 0
        session.closeReason = text(s, "close_reason")
        session.fromTrustedRelay = (s["trusted_relay"] as? Bool) ?? false

        let file = text(root, "file")
        let message = TrapMessage(queueID: queueID, sessionID: session.id, event: event,
                                  mailFrom: text(root, "mail_from") ?? "", recipients: root["rcpt"] as? [String] ?? [],
                                  size: try required(integer(root, "size"), "size"), spoolPath: file ?? path,
                                  spoolOffset: file == nil ? offset : nil, sha256: try required(text(root, "sha256"), "sha256"),
                                  received: try required(number(root, "received"), "received"),
                                  relayed: (root["relayed"] as? Bool) ?? false)
        return (message, session)
    }
}
