import BotCensusCore
/// A spam trap's Postfix log, generated deterministically from a seed: postscreen, smtpd, cleanup, qmgr and
/// local lines in the proportions of a real trap (about one line in three names a client), classic syslog
/// times from 2026-01-06, senders drawn from the benchmark ranges 198.18.0.0/15 and 2001:db8::/32.
enum PostfixLogGenerator {
    struct Result {
        var bytes: Int
        var lines: Int
        /// Lines that name a sending client: what both botcensus and the awk script count.
        var clientLines: Int
    }

    static func write(path: String, targetBytes: Int, seed: UInt64) throws -> Result {
        guard let out = ByteWriter(path: path) else { throw BenchError("\(path): cannot create") }
        var rng = SplitMix64(seed: seed)
        var clock = SyslogClock()
        var lines = 0, clients = 0, queue = 0x1A2B3C
        while out.written < targetBytes {
            let ip = Client(rng.next())
            let port = 1024 + Int(rng.next() % 60000)
            let screen = 1000 + Int(rng.next() % 9000), smtpd = 10000 + Int(rng.next() % 50000)
            clock.advance(Int(rng.next() % 3))
            let kind = rng.next() % 10
            // postscreen sees every connection first.
            clock.header(out); out.text("postscreen["); out.decimal(screen); out.text("]: CONNECT from ["); ip.write(out)
            out.text("]:"); out.decimal(port); out.text(" to [198.18.0.25]:25\n"); lines += 1; clients += 1
            if kind < 2 {
                clock.header(out); out.text("postscreen["); out.decimal(screen); out.text("]: DNSBL rank 3 for ["); ip.write(out)
                out.text("]:"); out.decimal(port); out.byte(10)
                clock.header(out); out.text("postscreen["); out.decimal(screen); out.text("]: DISCONNECT ["); ip.write(out)
                out.text("]:"); out.decimal(port); out.byte(10)
                lines += 2
                try out.flushIfFull()
                continue
            }
            clock.header(out); out.text("postscreen["); out.decimal(screen); out.text("]: PASS OLD ["); ip.write(out)
            out.text("]:"); out.decimal(port); out.byte(10)
            clock.header(out); out.text("smtpd["); out.decimal(smtpd); out.text("]: connect from "); ip.writeClient(out, named: rng.next() % 5 < 2)
            out.byte(10); lines += 2; clients += 1
            if kind < 3 {
                clock.header(out); out.text("smtpd["); out.decimal(smtpd); out.text("]: NOQUEUE: reject: RCPT from ")
                ip.writeClient(out, named: false)
                out.text(": 554 5.7.1 Service unavailable; Client host blocked using zen.spamhaus.org; from=<info@example.com> to=<trap@example.org> proto=ESMTP helo=<User>\n")
                lines += 1
            } else {
                queue += 1 + Int(rng.next() % 7)
                let id = queue
                clock.advance(1)
                clock.header(out); out.text("smtpd["); out.decimal(smtpd); out.text("]: 4X"); out.hex(id); out.text("z: client=")
                ip.writeClient(out, named: rng.next() % 5 < 2); out.byte(10); clients += 1
                clock.header(out); out.text("cleanup["); out.decimal(screen + 7); out.text("]: 4X"); out.hex(id)
                out.text("z: message-id=<"); out.hex(Int(rng.next() % 0xFFFFFFF)); out.text(".spam@example.com>\n")
                clock.header(out); out.text("qmgr[777]: 4X"); out.hex(id); out.text("z: from=<offers@example.com>, size=")
                out.decimal(800 + Int(rng.next() % 9000)); out.text(", nrcpt=1 (queue active)\n")
                clock.header(out); out.text("local[888]: 4X"); out.hex(id)
                out.text("z: to=<trap@example.org>, relay=local, delay=0.31, delays=0.2/0.01/0/0.1, dsn=2.0.0, status=sent (delivered to mailbox)\n")
                clock.header(out); out.text("qmgr[777]: 4X"); out.hex(id); out.text("z: removed\n")
                lines += 5
            }
            clock.header(out); out.text("smtpd["); out.decimal(smtpd); out.text("]: disconnect from "); ip.writeClient(out, named: false)
            out.text(" ehlo=1 mail=1 rcpt=1 data=1 quit=1 commands=5\n"); lines += 1
            try out.flushIfFull()
        }
        try out.flush()
        return Result(bytes: out.written, lines: lines, clientLines: clients)
    }

    /// A sender: IPv4 from 198.18.0.0/15 (19 in 20) or IPv6 from 2001:db8::/32.
    struct Client {
        var v6: Bool
        var value: UInt64

        init(_ r: UInt64) {
            v6 = r % 20 == 0
            value = v6 ? (r >> 8) & 0xFFFF_FFFF : 0xC612_0000 | ((r >> 8) & 0x1FFFF)
        }

        func write(_ out: ByteWriter) {
            if v6 {
                out.text("2001:db8:"); out.hex(Int(value >> 16)); out.text("::"); out.hex(Int(value & 0xFFFF))
            } else {
                for shift in [24, 16, 8, 0] {
                    out.decimal(Int((value >> UInt64(shift)) & 0xFF))
                    if shift != 0 { out.byte(UInt8(ascii: ".")) }
                }
            }
        }

        /// `NAME[IP]` as smtpd writes it: `unknown` or a reverse-DNS name, `IPv6:` before v6 addresses.
        func writeClient(_ out: ByteWriter, named: Bool) {
            if named {
                out.text("host-"); out.hex(Int(value & 0xFFFFFF)); out.text(".dyn.example.net[")
            } else {
                out.text("unknown[")
            }
            if v6 { out.text("IPv6:") }
            write(out)
            out.byte(UInt8(ascii: "]"))
        }
    }

    /// Classic syslog time (`Jan  6 03:04:05`) moving forward second by second, plus the host and program.
    struct SyslogClock {
        static let months: [StaticString] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        static let monthDays = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        var month = 0, day = 6, hour = 0, minute = 0, second = 0

        mutating func advance(_ seconds: Int) {
            second += seconds
            while second >= 60 { second -= 60; minute += 1 }
            while minute >= 60 { minute -= 60; hour += 1 }
            while hour >= 24 {
                hour -= 24; day += 1
                if day > Self.monthDays[month] { day = 1; month = (month + 1) % 12 }
            }
        }

        func header(_ out: ByteWriter) {
            out.text(Self.months[month]); out.byte(32)
            if day < 10 { out.byte(32) }
            out.decimal(day); out.byte(32)
            out.decimal(hour, width: 2); out.byte(58); out.decimal(minute, width: 2); out.byte(58); out.decimal(second, width: 2)
            out.text(" mx1 postfix/")
        }
    }
}
