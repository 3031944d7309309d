import ArgumentParser
import BotCensusCore
import Fingerprint
import Report

struct IdentifySynCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "syn",
        abstract: "OS family of TCP SYN signatures given in p0f's raw_sig notation."
    )

    @Option(help: "table or jsonl.")
    var format: TableOrJSONL = .table

    @Argument(help: "p0f raw signatures, e.g. 4:114+14:0:1460:mss*44,8:mss,nop,ws,nop,nop,sok:df,id+:0")
    var signatures: [String]

    func run() throws {
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
}
