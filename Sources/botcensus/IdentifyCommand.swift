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
        let fixedField = field.flatMap(BannerField.init(rawValue:))
        var table = TextTable(headers: ["input", "field", "class", "vendor", "product", "version", "database", "signature"])

        func handle(_ banner: String, _ field: BannerField) throws {
            let reading = identifier.identify(banner, field: field)
            let w = reading.winner
            switch format {
            case .jsonl:
                var o: [String: Any] = ["input": banner, "field": field.rawValue, "class": w?.identity.deviceClass.rawValue ?? "unknown"]
                o["vendor"] = w?.identity.vendor ?? NSNull()
                o["product"] = w?.identity.product ?? NSNull()
                o["version"] = w?.identity.version ?? NSNull()
                o["os"] = w.map { $0.identity.os.rawValue } ?? NSNull()
                o["database"] = w?.database ?? NSNull()
                o["signature"] = w?.signature ?? NSNull()
                if explain {
                    o["answers"] = reading.answers.map(Self.json)
                    o["all_matches"] = identifier.explain(banner, field: field).map(Self.json)
                }
                Console.out(try JSONOutput.line(o) + "\n")
            case .table:
                table.add([banner, field.rawValue, w?.identity.deviceClass.rawValue ?? "unknown", w?.identity.vendor ?? "",
                           w?.identity.product ?? "", w?.identity.version ?? "", w?.database ?? "", w?.signature ?? ""])
                if explain { Console.out(Self.explanation(banner, field, reading, identifier.explain(banner, field: field))) }
            }
        }

        if let zgrab2 {
            try ZgrabBanners.forEach(path: zgrab2) { banner, field in try handle(banner, fixedField ?? field) }
        } else if inputs.isEmpty {
            while let line = readLine(strippingNewline: true) {
                let banner = BannerEscapes.decode(line)
                try handle(banner, fixedField ?? BannerFieldGuess.guess(banner))
            }
        } else {
            for banner in inputs { try handle(banner, fixedField ?? BannerFieldGuess.guess(banner)) }
        }
        if format == .table && !explain { Console.out(table.render()) }
    }

    static func json(_ m: BannerMatch) -> [String: Any] {
        var o: [String: Any] = ["database": m.database, "signature": m.signature, "class": m.identity.deviceClass.rawValue, "params": m.params]
        o["vendor"] = m.identity.vendor ?? NSNull()
        o["product"] = m.identity.product ?? NSNull()
        o["version"] = m.identity.version ?? NSNull()
        return o
    }

    static func explanation(_ banner: String, _ field: BannerField, _ reading: Identifier.Reading, _ all: [BannerMatch]) -> String {
        var out = "\(TerminalText.escape(banner))  [\(field.rawValue)]\n"
        guard let winner = reading.winner else { return out + "  no database matched\n\n" }
        out += "  winner: \(winner.database) \(TerminalText.escape(winner.signature)) → \(Self.describe(winner))\n"
        for answer in reading.answers where answer != winner {
            let why = answer.identity.deviceClass == .unknown || answer.identity.deviceClass == .iotOther
                ? "names no specific device class" : "its database comes later"
            out += "  lost:   \(answer.database) \(TerminalText.escape(answer.signature)) → \(Self.describe(answer)) (\(why))\n"
        }
        let shadowed = all.filter { m in !reading.answers.contains { $0.database == m.database && $0.signature == m.signature } }
        for m in shadowed {
            out += "  later:  \(m.database) \(TerminalText.escape(m.signature)) also matches (an earlier signature of its database wins)\n"
        }
        return out + "\n"
    }

    static func describe(_ m: BannerMatch) -> String {
        let name = [m.identity.vendor, m.identity.product, m.identity.version].compactMap { $0 }.joined(separator: " ")
        return "\(m.identity.deviceClass.rawValue)\(name.isEmpty ? "" : " (\(TerminalText.escape(name)))")"
    }
}

/// Banner fields of a zgrab2 file, in file order (bad lines are reported and skipped).
enum ZgrabBanners {
    static func forEach(path: String, _ body: (String, BannerField) throws -> Void) throws {
        let driver = try ImportDriver(path: path, formatName: Zgrab2Format.name, options: ImportOptions(), strict: false)
        _ = try driver.run(report: { Console.err($0.description) }) { evidence in
            guard case .observation(let o) = evidence else { return }
            for field in BannerField.allCases {
                if let banner = o.fields[field.rawValue] { try body(banner, field) }
            }
        }
    }
}
