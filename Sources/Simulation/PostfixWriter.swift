/// A trap's Postfix log in classic syslog form (no year; times UTC), one SMTP connection per message:
/// connect, `QUEUEID: client=`, cleanup, qmgr, disconnect, removed — all within the connect second, so the
/// log stays in time order.
final class PostfixWriter {
    let out: ByteOutput
    let hostname: [UInt8]
    let trapDomain: [UInt8]
    let seed: UInt64
    var count: UInt64 = 0
    static let alnum: [UInt8] = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)
    static let words: [StaticString] = ["deal", "offer", "promo", "news", "info", "sale", "bonus", "win", "club", "shop", "rx", "replica", "loan", "prize"]
    static let domains: [StaticString] = ["example.com", "example.net", "example.org"]

    init(path: String, hostname: String, seed: UInt64) throws {
        out = try ByteOutput(path: path)
        self.hostname = Array(hostname.utf8)
        trapDomain = Array("\(hostname).example.org".utf8)
        self.seed = seed
    }

    private func head(_ t: Int, _ process: StaticString, _ pid: Int) {
        out.syslogTime(t); out.byte(32); out.bytes(hostname); out.ascii(" postfix/"); out.ascii(process)
        out.byte(91); out.int(pid); out.ascii("]: ")
    }
    private func client(_ ip: UInt32) { out.ascii("unknown["); out.ipv4(ip); out.byte(93) }

    func write(_ m: Message) {
        count += 1
        // Queue ids: a bijection of the connection number, so they never repeat within a trap.
        var q = SimRandom.mix(count ^ seed)
        var qid: [UInt8] = []
        qid.reserveCapacity(11)
        for _ in 0..<11 { qid.append(PostfixWriter.alnum[Int(q % 62)]); q /= 62 }
        var r = q &+ UInt64(m.sourcePort)
        let pid = 2300 + Int(count % 40)
        let t = m.time
        head(t, "smtpd", pid); out.ascii("connect from "); client(m.address); out.newline()
        head(t, "smtpd", pid); out.bytes(qid); out.ascii(": client="); client(m.address); out.newline()
        head(t, "cleanup", 2417 + Int(count % 3)); out.bytes(qid); out.ascii(": message-id=<"); out.int(Int(SimRandom.mix(count &+ seed) % 1_000_000_000))
        out.byte(64); out.ascii(PostfixWriter.domains[Int(count % 3)]); out.byte(62); out.newline()
        r = SimRandom.mix(r ^ count)
        head(t, "qmgr", 1187); out.bytes(qid); out.ascii(": from=<"); out.ascii(PostfixWriter.words[Int(r % 14)]); out.byte(46)
        out.int(Int(r >> 8 % 1000)); out.byte(64); out.ascii(PostfixWriter.domains[Int(r >> 20 % 3)]); out.ascii(">, size=")
        out.int(1500 + Int(r >> 24 % 30000)); out.ascii(", nrcpt=1 (queue active)"); out.newline()
        head(t, "smtpd", pid); out.ascii("disconnect from "); client(m.address); out.ascii(" ehlo=1 mail=1 rcpt=1 data=1 quit=1 commands=5"); out.newline()
        head(t, "qmgr", 1187); out.bytes(qid); out.ascii(": removed"); out.newline()
    }
}

/// A trap's p0f 3.09b log (`p0f -o`, TZ=UTC): one `mod=syn` line per logged connection at the connect second.
final class P0fWriter {
    let out: ByteOutput
    let server: [UInt8]
    let sigs: [[[UInt8]]]   // per stack, per distance 0…63: the `os=…|dist=…|params=…|raw_sig=…` tail

    init(path: String, trapIP: UInt32) throws {
        out = try ByteOutput(path: path)
        var s: [UInt8] = []
        let a = trapIP
        s.append(contentsOf: Array("\(a >> 24).\(a >> 16 & 255).\(a >> 8 & 255).\(a & 255)/25".utf8))
        server = s
        sigs = Stacks.all.map { stack in
            (0..<64).map { d in Array("|subj=cli|os=\(stack.p0fLabel)|dist=\(d)|params=\(stack.p0fParams)|raw_sig=\(stack.rawSig(distance: d))".utf8) }
        }
    }

    func write(_ m: Message) {
        out.p0fTime(m.time); out.ascii(" mod=syn|cli="); out.ipv4(m.address); out.byte(47); out.int(Int(m.sourcePort))
        out.ascii("|srv="); out.bytes(server); out.bytes(sigs[Int(m.stack)][min(63, Int(m.distance))]); out.newline()
    }
}
