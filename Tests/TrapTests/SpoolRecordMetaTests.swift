import BotCensusCore
import Foundation
import Store
import Testing
@testable import Trap

/// A spool record's description is the durable form of an accepted message: what it decodes to must be what
/// was encoded, bit for bit, or a row rebuilt from it at start differs from the one written while running.
@Suite struct SpoolRecordMetaTests {
    // Times as the trap takes them (seconds with sub-microsecond digits): a parser that reads them through a
    // decimal approximation (Linux's `JSONSerialization`) moves about half of them by an ulp.
    static let times: [Double] = [1765172973.5043314, 1765407075.7340703, 1765580646.4534006, 1765223145.9804857]

    @Test(arguments: times) func everyFieldComesBackExactly(time: Double) throws {
        let syn = SynRecord(src: IPAddress("192.0.2.7")!, sport: 40123, dst: IPAddress("127.0.0.1")!, dport: 25,
                            time: time - 0.0012345678, osLabel: "Linux 3.11 and newer", distance: 3, params: "none",
                            signature: try TCPSignature(parsing: "4:61+3:0:1460:mss*44,7:mss,sok,ts,nop,ws:df,id+:0"),
                            ipID: 4711, tsVal: 4_000_000_123, source: SourceRef(file: "trap", line: 0))
        var session = TrapSession(id: "S1", peer: IPAddress("192.0.2.7")!, peerPort: 40123, local: IPAddress("127.0.0.1")!,
                                  localPort: 25, started: time - 0.5, syn: syn, synStatus: "captured")
        session.ended = time + 1.25e-7
        session.helo = "bot <\u{1B}[31m>"; session.tls = "TLSv1.3 starttls"; session.authAttempts = ["admin", "ü"]
        session.commands = 7; session.messages = 1; session.closeReason = "quit"
        let event = SpamEvent(ip: IPAddress("192.0.2.7")!, time: time, kind: .message, hostname: nil, helo: "bot",
                              queueID: "Q1", session: "S1", campaign: nil, messageID: "<1@bot>", subject: "two \"quoted\"",
                              mailer: nil, sentAt: time - 3600.000001, source: SourceRef(file: "trap", line: 0))
        let message = TrapMessage(queueID: "Q1", sessionID: "S1", event: event, mailFrom: "a@bot.example",
                                  recipients: ["v@trap.test", "w@trap.test"], size: 25, spoolPath: "/s/0001.seg",
                                  spoolOffset: 120, sha256: "ab", received: time + 0.0000003, relayed: false)

        let bytes = SpoolRecordMeta.encode(message, session: session, ownFile: nil)
        let (m, s) = try SpoolRecordMeta.decode(Data(bytes), queueID: "Q1", path: "/s/0001.seg", offset: 120)
        #expect(m.received.bitPattern == message.received.bitPattern)
        #expect(m.event.time.bitPattern == time.bitPattern && m.event.sentAt?.bitPattern == event.sentAt?.bitPattern)
        #expect(s.started.bitPattern == session.started.bitPattern && s.ended?.bitPattern == session.ended?.bitPattern)
        #expect(s.syn?.time.bitPattern == syn.time.bitPattern && s.syn?.tsVal == syn.tsVal && s.syn?.ipID == 4711)
        #expect(s.syn?.signature.raw == syn.signature.raw && s.syn?.distance == 3)
        #expect(m.recipients == message.recipients && m.mailFrom == message.mailFrom && m.spoolOffset == 120)
        #expect(m.event.subject == event.subject && m.event.messageID == event.messageID)
        #expect(s.helo == session.helo && s.authAttempts == session.authAttempts && s.tls == session.tls)
        #expect(s.commands == 7 && s.messages == 1 && s.closeReason == "quit" && s.synStatus == "captured")
    }

    @Test func aDescriptionWithoutItsEventIsNamedAsSuch() {
        #expect(throws: SpoolRecordMeta.DecodeError.self) {
            _ = try SpoolRecordMeta.decode(Data(#"{"size":3,"session":{"id":"S"}}"#.utf8), queueID: "Q", path: "/p", offset: 0)
        }
    }
}
