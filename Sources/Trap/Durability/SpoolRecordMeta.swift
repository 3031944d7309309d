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
    /// (a segment record), or its own file as the record names it. Read with `JSONDecoder`, whose numbers
    /// round-trip exactly (`JSONSerialization` on Linux can move a time by an ulp, and the rebuilt row differs).
    static func decode(_ bytes: Data, queueID: String, path: String, offset: Int) throws -> (TrapMessage, TrapSession) {
        let root: Record
        do { root = try JSONDecoder().decode(Record.self, from: bytes) } catch {
            throw DecodeError(description: "not a record description (\(error))")
        }
        func address(_ value: String?, _ key: String) throws -> IPAddress {
            guard let value, let ip = IPAddress(value) else { throw DecodeError(description: "\(key): no address") }
            return ip
        }
        func required<T>(_ value: T?, _ key: String) throws -> T {
            guard let value else { throw DecodeError(description: "\(key) missing") }
            return value
        }

        let e = try required(root.event, "event"), s = try required(root.session, "session")
        let event = SpamEvent(ip: try address(e.ip, "ip"), time: try required(e.time, "event.time"), kind: .message,
                              hostname: e.hostname, helo: e.helo, queueID: e.queue_id, session: e.session,
                              campaign: e.campaign, messageID: e.message_id, subject: e.subject, mailer: e.mailer,
                              sentAt: e.sent_at, source: SourceRef(file: e.source ?? "trap", line: 0))
        var syn: SynRecord?
        if let y = s.syn {
            syn = SynRecord(src: try address(y.src, "syn.src"), sport: try required(y.sport, "syn.sport"),
                            dst: y.dst.flatMap(IPAddress.init), dport: y.dport,
                            time: try required(y.time, "syn.time"), osLabel: y.os, distance: y.distance, params: y.params,
                            signature: try TCPSignature(parsing: try required(y.signature, "syn.signature")),
                            ipID: y.ip_id, tsVal: y.tsval.map { UInt32(truncatingIfNeeded: $0) },
                            source: SourceRef(file: y.source ?? "trap", line: 0))
        }
        var session = TrapSession(id: try required(s.id, "session.id"), peer: try address(s.peer, "peer"),
                                  peerPort: s.peer_port ?? 0, local: try address(s.local, "local"),
                                  localPort: s.local_port ?? 0, started: try required(s.started, "session.started"),
                                  syn: syn, synStatus: s.syn_status ?? "captured")
        session.ended = s.ended
        session.helo = s.helo
        session.tls = s.tls
        session.authAttempts = s.auth ?? []
        session.commands = s.commands ?? 0
        session.messages = s.messages ?? 0
        session.closeReason = s.close_reason
        session.fromTrustedRelay = s.trusted_relay ?? false

        let message = TrapMessage(queueID: queueID, sessionID: session.id, event: event,
                                  mailFrom: root.mail_from ?? "", recipients: root.rcpt ?? [],
                                  size: try required(root.size, "size"), spoolPath: root.file ?? path,
                                  spoolOffset: root.file == nil ? offset : nil, sha256: try required(root.sha256, "sha256"),
                                  received: try required(root.received, "received"), relayed: root.relayed ?? false)
        return (message, session)
    }

    // The description's shape as `encode` writes it; every field optional so a missing one is named above.
    private struct Record: Decodable {
        var file, mail_from, sha256: String?
        var rcpt: [String]?
        var received: Double?
        var relayed: Bool?
        var size: Int?
        var event: Event?
        var session: Session?
    }
    private struct Event: Decodable {
        var ip, hostname, helo, queue_id, session, campaign, message_id, subject, mailer, source: String?
        var time, sent_at: Double?
    }
    private struct Session: Decodable {
        var id, peer, local, helo, tls, syn_status, close_reason: String?
        var peer_port, local_port, commands, messages: Int?
        var started, ended: Double?
        var auth: [String]?
        var trusted_relay: Bool?
        var syn: Syn?
    }
    private struct Syn: Decodable {
        var src, dst, os, params, signature, source: String?
        var sport, dport, distance, ip_id, tsval: Int?
        var time: Double?
    }
}
