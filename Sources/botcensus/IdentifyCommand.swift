import ArgumentParser
import BotCensusCore
import Fingerprint
import Foundation
import Ingest
import Report
import Workflow

struct IdentifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "identify",
        abstract: "Fingerprint banners or TCP SYNs directly, without a case.",
        subcommands: [IdentifyBannerCommand.self, IdentifySynCommand.self],
        defaultSubcommand: IdentifyBannerCommand.self
    )
}

struct IdentifyBannerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "banner",
        abstract: "Fingerprint banners: from arguments, a zgrab2 file, or stdin one per line.",
        discussion: """
            Fields: \(BannerField.allCases.map(\.rawValue).joined(separator: ", ")); without --field each banner's field is \
            guessed from its text (zgrab2 input names its own fields). On stdin, `\\r`, `\\n`, `\\t`, `\\\\` and `\\xNN` \
            are decoded. Databases: own (built in), recog:DIR (Recog's xml folder), nmap[:FILE] \
            (default /usr/share/nmap/nmap-service-probes). Default: own, plus nmap when installed and Recog when \
            BOTCENSUS_RECOG names its folder.
            """
    )

    @Option(help: "Banner field of every input (default: guessed per banner).")
    var field: String?

    @Option(help: "Comma-separated databases: own, recog:DIR, nmap[:FILE].")
    var db: String?

    @Option(name: .customLong("zgrab2"), help: "Read banners from a zgrab2 JSON Lines file.")
    var zgrab2: String?

    @Option(help: "table or jsonl.")
    var format: TableOrJSONL = .table

    @Flag(help: "Show every database's answer and every signature that matched, and why the winner won.")
    var explain = false

    @Argument(help: "Banners. Without any (and without --zgrab2), stdin is read.")
    var inputs: [String] = []

    func validate() throws {
        if let field, BannerField(rawValue: field) == nil {
            throw ValidationError("unknown field '\(field)'; one of: \(BannerField.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if let db {
            do { try FingerprintDatabases.check(db) } catch { throw ValidationError("\(error)") }
        }
        if zgrab2 != nil && !inputs.isEmpty { throw ValidationError("give banners or --zgrab2, not both") }
    }

    func run() throws {
        let identifier = try FingerprintDatabases.identifier(db)
        var output = BannerIdentification(jsonl: format == .jsonl, explain: explain, identifier: identifier, out: Console.stdout)
        let source: BannerIdentification.Source = zgrab2.map { .zgrab2($0) } ?? (inputs.isEmpty ? .standardInput : .arguments(inputs))
        try output.run(source, field: field.flatMap(BannerField.init(rawValue:))) { Console.err($0) }
    }
}
