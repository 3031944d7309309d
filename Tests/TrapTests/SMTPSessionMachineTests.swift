import NIOCore
import Testing
@testable import Trap

/// The session's decisions, apart from any socket: RFC 5321 replies, the extensions' rules, the limits.
@Suite struct SMTPSessionMachineTests {
    func machine(tls: Bool = true, configure: (inout SMTPSettings) -> Void = { _ in }) -> SMTPSessionMachine {
        var settings = SMTPSettings(hostname: "trap.test")
        settings.tlsAvailable = tls
        configure(&settings)
        return SMTPSessionMachine(settings: settings, implicitTLS: false)
    }

    func replies(_ actions: [SMTPAction]) -> [String] {
        actions.compactMap { if case .reply(let r) = $0 { return String(decoding: r.bytes, as: UTF8.self) } else { return nil } }
    }

    func say(_ m: inout SMTPSessionMachine, _ line: String) -> [SMTPAction] { m.line(Array(line.utf8)) }

    @Test func ehloAdvertisesTheExtensionsAndStartTLSOnlyWithACertificate() {
        var m = machine()
        let text = replies(say(&m, "EHLO bot.example")).joined()
        for keyword in ["PIPELINING", "SIZE 10240000", "STARTTLS", "AUTH PLAIN LOGIN", "ENHANCEDSTATUSCODES", "8BITMIME", "SMTPUTF8", "CHUNKING"] {
            #expect(text.contains("250-\(keyword)\r\n") || text.contains("250 \(keyword)\r\n"), "\(keyword) missing in \(text)")
        }
        var plain = machine(tls: false)
        #expect(!replies(say(&plain, "EHLO x")).joined().contains("STARTTLS"))
        #expect(replies(say(&plain, "STARTTLS")) == ["454 4.7.0 TLS not available due to local problem\r\n"])
    }

    @Test func aTransactionNeedsItsCommandsInOrder() {
        var m = machine()
        #expect(replies(say(&m, "RCPT TO:<a@b>")) == ["503 5.5.1 Error: need MAIL command\r\n"])
        #expect(replies(say(&m, "DATA")) == ["503 5.5.1 Error: need MAIL command\r\n"])
        #expect(replies(say(&m, "MAIL FROM:<>")) == ["250 2.0.0 Ok\r\n"])
        #expect(replies(say(&m, "MAIL FROM:<x@y>")) == ["503 5.5.1 Error: nested MAIL command\r\n"])
        #expect(replies(say(&m, "DATA")) == ["554 5.5.1 Error: no valid recipients\r\n"])
        #expect(replies(say(&m, "RCPT TO:<a@b>")) == ["250 2.0.0 Ok\r\n"])
        let data = say(&m, "DATA")
        #expect(replies(data) == ["354 End data with <CR><LF>.<CR><LF>\r\n"])
        #expect(data.contains(.receiveData))
        guard case .deliver(let envelope) = m.dataEnded(size: 10).first else { Issue.record("no delivery"); return }
        #expect(envelope.mailFrom == "" && envelope.recipients == ["a@b"])
        #expect(replies(m.delivered(queueID: "ABC")) == ["250 2.0.0 Ok: queued as ABC\r\n"])
        #expect(!m.isInTransaction)
    }

    @Test func malformedCommandsGetTheirOwn5xxAndTheSessionGoesOn() {
        var m = machine()
        #expect(replies(say(&m, "MAIL FROM:<unterminated")) == ["501 5.5.4 Syntax: MAIL FROM:<address>\r\n"])
        #expect(replies(say(&m, "EHLO")) == ["501 5.5.4 Syntax: EHLO hostname\r\n"])
        #expect(replies(say(&m, "BDAT many")) == ["501 5.5.4 Syntax: BDAT size [LAST]\r\n"])
        #expect(replies(say(&m, "XYZZY")) == ["502 5.5.2 Error: command not recognized\r\n"])
        #expect(replies(say(&m, "MAIL FROM:<a@b> FROBNICATE=1")) == ["555 5.5.4 Unsupported option\r\n"])
        #expect(replies(say(&m, "VRFY root")).first?.hasPrefix("252 ") == true)
        #expect(replies(say(&m, "HELP")).first?.hasPrefix("214 ") == true)
        #expect(replies(say(&m, "NOOP")) == ["250 2.0.0 Ok\r\n"])
        #expect(m.state == .command)
    }

    @Test func sizeAndRecipientLimits() {
        var m = machine { $0.maxMessageSize = 1000; $0.maxRecipients = 2 }
        #expect(replies(say(&m, "MAIL FROM:<a@b> SIZE=5000")) == ["552 5.3.4 Message size exceeds fixed limit (1000 bytes)\r\n"])
        _ = say(&m, "MAIL FROM:<a@b> SIZE=500")
        _ = say(&m, "RCPT TO:<1@x>"); _ = say(&m, "RCPT TO:<2@x>")
        #expect(replies(say(&m, "RCPT TO:<3@x>")) == ["452 4.5.3 Error: too many recipients\r\n"])
        _ = say(&m, "DATA")
        let over = m.dataEnded(size: 1001)
        #expect(over.contains(.discardBody))
        #expect(replies(over) == ["552 5.3.4 Message size exceeds fixed limit (1000 bytes)\r\n"])
        #expect(m.state == .command && !m.isInTransaction)
    }

    @Test func tooManyErrorsOrCommandsEndTheSession() {
        var m = machine { $0.maxErrors = 3; $0.maxCommands = 100 }
        for _ in 0..<3 { #expect(!say(&m, "BOGUS").contains(.close)) }
        let last = say(&m, "BOGUS")
        #expect(last.contains(.close))
        #expect(replies(last).last == "421 4.7.0 Error: too many errors\r\n")
        var n = machine { $0.maxCommands = 2 }
        _ = say(&n, "NOOP"); _ = say(&n, "NOOP")
        #expect(replies(say(&n, "NOOP")) == ["421 4.7.0 Error: too many commands\r\n"])
    }

    @Test func authIsRefusedAndTheUserNamesAreKeptButNeverThePasswords() {
        var m = machine()
        // PLAIN with an initial response: authzid NUL authcid NUL password.
        #expect(replies(say(&m, "AUTH PLAIN AGJvdABodW50ZXIy")) == ["535 5.7.8 Error: authentication failed: authentication failure\r\n"])
        #expect(replies(say(&m, "AUTH LOGIN")) == ["334 VXNlcm5hbWU6\r\n"])
        #expect(replies(say(&m, "YWRtaW4=")) == ["334 UGFzc3dvcmQ6\r\n"])
        #expect(replies(say(&m, "c2VjcmV0")).first?.hasPrefix("535 5.7.8") == true)
        #expect(replies(say(&m, "AUTH PLAIN")) == ["334 \r\n"])
        #expect(replies(say(&m, "*")) == ["501 5.7.0 Authentication aborted\r\n"])
        #expect(replies(say(&m, "AUTH CRAM-MD5")) == ["504 5.5.4 Unsupported authentication mechanism\r\n"])
        #expect(m.authAttempts == ["bot", "admin"])
    }

    @Test func chunkingCollectsChunksUntilLast() {
        var m = machine()
        _ = say(&m, "EHLO x"); _ = say(&m, "MAIL FROM:<a@b>"); _ = say(&m, "RCPT TO:<c@d>")
        #expect(say(&m, "BDAT 5") == [.receiveChunk(size: 5, last: false)])
        #expect(replies(m.chunkEnded(size: 5, last: false)) == ["250 2.0.0 Ok: 5 bytes\r\n"])
        #expect(replies(say(&m, "DATA")) == ["503 5.5.1 Error: DATA and BDAT cannot be mixed\r\n"])
        #expect(say(&m, "BDAT 7 LAST") == [.receiveChunk(size: 7, last: true)])
        guard case .deliver = m.chunkEnded(size: 7, last: true).first else { Issue.record("no delivery after LAST"); return }
    }

    @Test func startTLSForgetsTheSessionBeforeIt() {
        var m = machine()
        _ = say(&m, "EHLO before"); _ = say(&m, "MAIL FROM:<a@b>")
        #expect(say(&m, "STARTTLS") == [.reply(.readyTLS), .startTLS])
        #expect(m.helo == nil && !m.isInTransaction && m.tls)
        #expect(replies(say(&m, "STARTTLS")) == ["503 5.5.1 Error: TLS already active\r\n"])
        #expect(!replies(say(&m, "EHLO after")).joined().contains("STARTTLS"))
    }
}

/// The framer: lines, dot-unstuffing and the end mark, BDAT octets, over-long lines.
@Suite struct SMTPFramerTests {
    func frames(_ inputs: [String], mode: SMTPFramer.Mode = .lines, maxLine: Int = 512) -> [String] {
        var framer = SMTPFramer(maxLine: maxLine)
        framer.mode = mode
        var buffer = ByteBuffer()
        var out: [String] = []
        for input in inputs {
            buffer.writeString(input)
            while let frame = framer.next(&buffer) {
                switch frame {
                case .line(let bytes): out.append("line:" + String(decoding: bytes, as: UTF8.self))
                case .lineTooLong: out.append("too-long")
                case .body(let b, _): out.append("body:" + String(buffer: b))
                case .dataEnd: out.append("end"); framer.mode = .lines
                case .chunk(let b): out.append("chunk:" + String(buffer: b))
                case .chunkEnd: out.append("chunk-end")
                }
            }
        }
        return out
    }

    @Test func dataIsUnstuffedAndEndsAtTheLoneDot() {
        let out = frames(["Subject: x\r\n\r\n..hidden\r\n.", "\r\nNOOP\r\n"], mode: .data)
        #expect(out == ["body:Subject: x\r\n", "body:\r\n", "body:.hidden\r\n", "end", "line:NOOP"])
    }

    @Test func aBareLFEndsTheBodyTooAndCRLFIsNeverSplit() {
        #expect(frames(["a\r", "\nb\n.\n"], mode: .data) == ["body:a", "body:\r\n", "body:b\n", "end"])
    }

    @Test func overLongCommandLinesAreSkippedToTheirEnd() {
        let long = String(repeating: "A", count: 2000)
        #expect(frames([long, long, "\r\nNOOP\r\n"], maxLine: 512) == ["too-long", "line:NOOP"])
    }

    @Test func chunksAreCountedOctetsWhateverTheyHold() {
        #expect(frames(["hel", "lo\r\n.\r\nNOOP\r\n"], mode: .chunk(remaining: 10)) == ["chunk:hel", "chunk:lo\r\n.\r\n", "chunk-end", "line:NOOP"])
    }
}
