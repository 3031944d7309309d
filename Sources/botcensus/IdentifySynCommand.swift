import ArgumentParser
import BotCensusCore
import Fingerprint
import Foundation
import Ingest
import Report
import Workflow

struct IdentifySynCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "syn",
        abstract: "OS of TCP SYNs: every SYN of a capture matched as p0f v3 matches it, or p0f raw signatures.",
        discussion: """
            With --pcap, each connection-opening SYN of a pcap or pcapng file is matched against p0f.fp with \
            p0f v3's rules (specific, then generic, then fuzzy), giving what `p0f -r` prints: label, quality \
            (exact, generic, fuzzy, none), hop distance and raw_sig. A SYN repeated within p0f's 30-second flow \
            lifetime is marked "retransmission" (p0f reports it once). p0f.fp is read at run time, never shipped: \
            Debian's p0f package installs it at \(P0fDatabase.defaultPath).
            Without --pcap, each RAW_SIG argument is read into an OS family.
            """
    )

    @Option(help: "table or jsonl.")
    var format: TableOrJSONL = .table

    @Option(name: .customLong("pcap"), help: "A pcap or pcapng capture whose SYNs to identify.")
    var pcap: String?

    @Option(name: .customLong("p0f-db"), help: "p0f v3 fingerprint file (default \(P0fDatabase.defaultPath)).")
    var p0fDatabase: String?

    @Argument(help: "p0f raw signatures, e.g. 4:114+14:0:1460:mss*44,8:mss,nop,ws,nop,nop,sok:df,id+:0")
    var signatures: [String] = []

    func validate() throws {
        if pcap != nil && !signatures.isEmpty { throw ValidationError("give either --pcap FILE or RAW_SIG arguments, not both") }
        if pcap == nil && signatures.isEmpty { throw ValidationError("give --pcap FILE or at least one RAW_SIG") }
        if pcap == nil && p0fDatabase != nil { throw ValidationError("--p0f-db applies to --pcap") }
    }

    func run() throws {
        let identification = SynIdentification(jsonl: format == .jsonl, out: Console.stdout)
        if let pcap {
            let database: P0fDatabase
            do { database = try SynIdentification.loadDatabase(p0fDatabase) } catch {
                Console.err("\(error)")
                throw ExitCode(1)
            }
            do { try identification.capture(pcap, database: database) { Console.err($0) } } catch let issue as CaptureIssue {
                // The capture's framing is lost: what came before was printed; say where it broke and fail.
                Console.err(issue.description)
                throw ExitCode(1)
            }
        } else {
            do { try identification.signatures(signatures) } catch { throw ValidationError("\(error)") }
        }
    }
}
