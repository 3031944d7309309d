import ArgumentParser
import BotCensusCore
import Fingerprint
import Foundation
import Ingest
import Store
import Workflow

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import evidence files into the case (format detected from content unless --format is given).",
        discussion: "Formats: \(EvidenceFormats.names.joined(separator: ", ")). Importing a file already in the case adds nothing."
    )

    @OptionGroup var caseOptions: CaseOptions

    @Option(help: "Format of every FILE: \(EvidenceFormats.names.joined(separator: ", ")).")
    var format: String?

    @Option(help: "Year of the first line of classic syslog logs (default: from the file's modification time).")
    var year: Int?

    @Option(name: .customLong("timezone"), help: "Zone of times written without one (syslog, p0f): utc, local, or +HH:MM.")
    var timezone: LocalTime = .system

    @Option(name: .customLong("join-window"), help: "Seconds either side of a spam event within which a SYN of the same address joins it.")
    var joinWindow: Double = 120

    @Option(name: .customLong("trusted-relays"), help: "Raw mail: your own relays, comma-separated CIDRs or host names; Received headers they added are trusted (default: only the topmost).",
            transform: RelayList.init(parsing:))
    var trustedRelays: RelayList?

    @Option(name: .customLong("mail-ports"), help: "Packet captures: SYNs to these ports are spam connections.")
    var mailPorts: PortList = PortList(argument: "25,465,587")!

    @Option(help: "Fingerprint databases for what answered: own, recog:DIR, nmap[:FILE] (default: own, nmap when installed, Recog when BOTCENSUS_RECOG is set).",
            transform: DatabaseSpec.init(parsing:))
    var db: DatabaseSpec?

    @Flag(help: "Stop at the first bad line; the file then adds nothing.")
    var strict = false

    @Argument(help: "Evidence files.")
    var files: [String]

    func validate() throws {
        if let format, EvidenceFormats.named(format) == nil {
            throw ValidationError("unknown format '\(format)'; known: \(EvidenceFormats.names.joined(separator: ", "))")
        }
        if joinWindow < 0 { throw ValidationError("--join-window must not be negative") }
        if let year, !(1970...2200).contains(year) { throw ValidationError("--year \(year) is out of range") }
    }

    func run() throws {
        let store = try CaseStore(path: caseOptions.casePath)
        let importOptions = ImportOptions(year: year, localTime: timezone, trustedRelays: trustedRelays?.relays ?? [],
                                          mailPorts: mailPorts.ports)
        let options = CaseImporter.Options(format: format, importOptions: importOptions, strict: strict, joinWindow: joinWindow,
                                           showProgress: true, joinEachFile: false, joinAsWritten: true)
        let importer = CaseImporter(store: store, options: options) { [db] in
            // Recog files load per banner field on first use: read them all now, so a broken one is an error
            // before anything is imported, never a stop midway.
            let identifier = try FingerprintDatabases.identifier(db?.spec)
            try identifier.prepare(for: BannerField.allCases)
            return identifier
        }
        var failed = false
        var badTotal = 0
        var added = false
        // A new case is loaded before its index of events by address is built (CaseStore.bulkLoad).
        try store.bulkLoad {
            // Captures and p0f logs first: each event then finds every SYN already in as it is written.
            importer.importFiles(CaseImporter.synsFirst(files, format: format), warn: { Console.err($0) }) { file, result in
                switch result {
                case .success(let r):
                    badTotal += r.badLines
                    if r.alreadyImported { return }
                    added = true
                    Console.out(r.summaryLine + "\n")
                case .failure(let error):
                    // Strict-mode bad lines, unreadable files: this file added nothing; the others stand.
                    Console.err("\(error) — \(file) not imported; the case is unchanged by it")
                    failed = true
                }
            }
            // Once, after every file: the captures named anywhere on the line are in before an event joins.
            if added { try importer.joinSyns() }
        }
        if added { try store.refreshStatistics() }
        let totals = try store.totals()
        Console.out("case \(caseOptions.casePath): \(totals.events) spam events, \(totals.syns) SYNs, \(totals.observations) observations (\(totals.identities) identified)\n")
        if failed { throw ExitCode(1) }
        if badTotal > 0 { Console.err("\(badTotal) bad line(s) skipped; use --strict to refuse such files") }
    }
}
