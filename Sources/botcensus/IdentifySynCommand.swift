import ArgumentParser
import BotCensusCore
import Fingerprint
import Foundation
import Ingest
import Report

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
        if let pcap { try identifyCapture(pcap) } else { try identifySignatures() }
    }

    private func identifySignatures() throws {
        var table = TextTable(headers: ["raw_sig", "family", "reason"])
        for raw in signatures {
            let sig: TCPSignature
            do { sig = try TCPSignature(parsing: raw) } catch { throw ValidationError("\(raw): \(error)") }
            let reading = SynOSClassifier.classify(sig)
            switch format {
            case .jsonl: Console.out(try JSONOutput.line(["raw_sig": raw, "family": reading.family.rawValue, "reason": reading.reason]) + "\n")
            case .table: table.add([raw, reading.family.rawValue, reading.reason])
            }
        }
        if format == .table { Console.out(table.render()) }
    }

    private func identifyCapture(_ path: String) throws {
        let matcher = P0fSynMatcher(database: try loadDatabase())
        var table = TextTable(headers: ["packet", "time", "client", "server", "label", "quality", "dist", "family", "raw_sig"])
        var tracker = P0fFlowTracker()
        var repeats = 0
        let extractor: SynExtractor
        do {
            extractor = try SynExtractor(path: path) { Console.err("\($0)") }
            while let syn = try extractor.next() {
                let s = syn.segment
                let m = matcher.match(s)
                let retransmission = !tracker.isNewConnection(s, at: syn.time.timestamp)
                if retransmission { repeats += 1 }
                let family = (try? TCPSignature(parsing: m.rawSignature)).map {
                    SynOSClassifier.classify($0, p0fLabel: m.label, p0fParams: m.params).family
                } ?? .unknown
                let time = TimeFormat.rfc3339(syn.time.timestamp)
                switch format {
                case .jsonl:
                    let object: [String: Any] = [
                        "packet": syn.packet, "time": time,
                        "src": s.ip.source.description, "sport": s.tcp.sourcePort,
                        "dst": s.ip.destination.description, "dport": s.tcp.destinationPort,
                        "raw_sig": m.rawSignature, "label": m.label ?? NSNull(),
                        "label_kind": m.label == nil ? NSNull() : (m.labelIsApplication ? "app" : "os"),
                        "quality": m.quality.rawValue, "dist": m.distance, "params": m.params,
                        "family": family.rawValue, "retransmission": retransmission,
                    ]
                    Console.out(try JSONOutput.line(object) + "\n")
                case .table:
                    table.add(["\(syn.packet)", time, endpoint(s.ip.source, s.tcp.sourcePort), endpoint(s.ip.destination, s.tcp.destinationPort),
                               (m.label ?? "???") + (retransmission ? " (again)" : ""), m.quality.rawValue, m.distanceText,
                               family.rawValue, m.rawSignature])
                }
            }
        } catch let issue as CaptureIssue {
            // The capture's framing is lost: what came before was printed; say where it broke and fail.
            if format == .table && !table.rows.isEmpty { Console.out(table.render()) }
            Console.err(issue.description)
            throw ExitCode(1)
        }
        if format == .table { Console.out(table.render()) }
        let c = extractor.counts
        Console.err("\(path): \(c.packets) packets, \(c.syns) SYNs (\(repeats) retransmitted), \(c.skipped) without TCP, \(c.malformed) malformed")
    }

    private func loadDatabase() throws -> P0fDatabase {
        let path = p0fDatabase ?? P0fDatabase.defaultPath
        guard FileManager.default.fileExists(atPath: path) else {
            Console.err(p0fDatabase == nil
                ? "\(path): not found; p0f.fp comes with Debian's p0f package (apt-get install p0f), or name one with --p0f-db PATH"
                : "\(path): not found")
            throw ExitCode(1)
        }
        do {
            return try P0fDatabase(contentsOf: path)
        } catch {
            Console.err("\(error)")
            throw ExitCode(1)
        }
    }

    private func endpoint(_ ip: IPAddress, _ port: Int) -> String {
        ip.isV6 ? "[\(ip)]:\(port)" : "\(ip):\(port)"
    }
}
