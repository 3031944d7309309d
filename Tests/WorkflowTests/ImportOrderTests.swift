import BotCensusTesting
import Foundation
import GRDB
import Testing

/// `botcensus import` joins events to SYNs once, after every file of the command: the same files in any order
/// make the same joins, and a trap's log no longer takes another trap's SYNs because it was read before its
/// own trap's capture. On a three-trap proof world (world-05) the logs read first, one by one, had joined
/// 628 of 16,564 events to another trap's SYN; joined once, 58 are (events whose own trap has no SYN of them).
@Suite struct ImportOrderTests {
    struct Join: Equatable {
        /// The SYN by its content (source port and time), empty when none joined.
        var syn: String
        var dst: String?
    }

    /// Per event, by its content and its file's name, the SYN it joined.
    static func joins(_ path: String) throws -> [String: Join] {
        try DatabaseQueue(path: path).read { db in
            var out: [String: Join] = [:]
            let rows = try Row.fetchCursor(db, sql: """
                SELECT e.ip, e.time, e.kind, e.queue_id, e.ordinal, s.sport, s.time AS st, s.dst, i.path
                FROM events e JOIN imports i ON i.id = e.import_id LEFT JOIN syns s ON s.id = e.syn_id
                """)
            while let r = try rows.next() {
                let file = URL(fileURLWithPath: r["path"] as String? ?? "").lastPathComponent
                let event = [file, r["ip"] as String? ?? "", "\(r["time"] as Double? ?? 0)", r["kind"] as String? ?? "",
                             r["queue_id"] as String? ?? "", "\(r["ordinal"] as Int64? ?? 0)"].joined(separator: " ")
                let syn = (r["sport"] as Int64?).map { "\($0) \(r["st"] as Double? ?? 0)" } ?? ""
                out[event] = Join(syn: syn, dst: r["dst"])
            }
            return out
        }
    }

    @Test(.timeLimit(.minutes(5))) func theFilesOrderChangesNoJoin() throws {
        let dir = temporaryDirectory("import-order")
        let world = dir.appendingPathComponent("world").path
        let sim = try botcensus(["simulate", packageRoot.appendingPathComponent("scenarios/proof/world-05.json").path, "--out", world,
                                 "--seed", "5", "--no-message-truth"])
        try #require(sim.status == 0, "\(sim.stderr)")
        func file(_ name: String) -> String { "\(world)/\(name)" }
        // Each trap's log before its capture, as a sorted directory listing gives them; then the captures first.
        let logsFirst = (1...3).flatMap { [file("trap-\($0).postfix.log"), file("trap-\($0).syn.pcap")] }
        let capturesFirst = (1...3).map { file("trap-\($0).syn.pcap") } + (1...3).map { file("trap-\($0).postfix.log") }
        var cases: [[String: Join]] = []
        for (name, files) in [("logs-first", logsFirst), ("captures-first", capturesFirst)] {
            let casePath = dir.appendingPathComponent("\(name).db").path
            let imported = try botcensus(["import", "--case", casePath, "--year", "2026", "--timezone", "utc"] + files)
            try #require(imported.status == 0, "\(imported.stderr)")
            cases.append(try Self.joins(casePath))
        }
        let (a, b) = (cases[0], cases[1])
        #expect(a.count > 10_000, "the world's spam events")
        let differing = a.filter { b[$0.key] != $0.value }.count
        #expect(differing == 0, "\(differing) of \(a.count) events joined another SYN when the files came in another order")
        // Events of trap N's log (`trap-N.postfix.log`) joined to a SYN that went to another trap (trap N is 192.0.2.(24 + N)).
        let crossed = a.filter { event, join in
            guard let dst = join.dst, let n = event.dropFirst("trap-".count).first?.wholeNumberValue else { return false }
            return dst != "192.0.2.\(24 + n)"
        }.count
        print("import order: \(crossed) of \(a.count) events joined to another trap's SYN")
        #expect(crossed * 100 <= a.count, "\(crossed) of \(a.count) events joined to another trap's SYN")
    }
}
