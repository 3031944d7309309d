import BotCensusCore
import Foundation
import GRDB
import Testing
@testable import Store

/// The trap's rows in the case, whatever order its threads hand them over in.
@Suite struct TrapLedgerTests {
    /// A session can end and be written (then forgotten by the ledger) before the message it sent reaches the
    /// case: the message's event still names the session's SYN. (Seen in the live lab before the fix.)
    @Test func aMessageWrittenAfterItsSessionEndedStillNamesTheSYN() throws {
        let store = try CaseStore(path: temporaryCase())
        let ledger = try TrapLedger(store: store, trapName: "t", listening: "127.0.0.1:25")
        var session = TrapSession(id: "S1", peer: ip, peerPort: 40000, local: IPAddress("127.0.0.1")!, localPort: 25,
                                  started: t0, syn: syn(t0, sport: 40000), synStatus: "captured")
        session.ended = t0 + 2
        try ledger.commit(sessions: [session], messages: [])
        let message = TrapMessage(queueID: "Q1", sessionID: "S1",
                                  event: SpamEvent(ip: ip, time: t0 + 1, kind: .message, queueID: "Q1", session: "S1",
                                                   source: SourceRef(file: "trap:t", line: 0)),
                                  mailFrom: "a@b", recipients: ["v@t"], size: 10, spoolPath: "/s/1.seg", spoolOffset: 0,
                                  sha256: "00", received: t0 + 1, relayed: false)
        try ledger.commit(sessions: [], messages: [message])
        let linked = try store.pool.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM events e JOIN syns y ON y.id = e.syn_id WHERE e.kind = 'message' AND e.queue_id = 'Q1'")
        }
        #expect(linked == 1)
    }
}
