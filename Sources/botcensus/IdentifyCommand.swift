import ArgumentParser
import BotCensusCore
import Fingerprint
import Foundation
import Report

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
        abstract: "Fingerprint banners: from arguments, or stdin one per line.",
        discussion: "Fields: \(BannerField.allCases.map(\.rawValue).joined(separator: ", "))."
    )

    @Option(help: "Banner field of every input.")
    var field: String = BannerField.httpServer.rawValue

    @Option(help: "table or jsonl.")
    var format: TableOrJSONL = .table

    @Argument(help: "Banners. Without any, stdin is read.")
    var inputs: [String] = []

    func validate() throws {
        guard BannerField(rawValue: field) != nil else {
            throw ValidationError("unknown field '\(field)'; one of: \(BannerField.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() throws {
        let db = try SignatureDatabase.builtIn()
        let bannerField = BannerField(rawValue: field)!
        var table = TextTable(headers: ["input", "class", "vendor", "product", "version", "signature"])
        func handle(_ banner: String) throws {
            let identity = db.identify(banner, field: bannerField)
            switch format {
            case .jsonl:
                var o: [String: Any] = ["input": banner, "field": field, "database": identity?.database ?? NSNull(),
                                        "class": identity?.deviceClass.rawValue ?? "unknown"]
                o["vendor"] = identity?.vendor ?? NSNull()
                o["product"] = identity?.product ?? NSNull()
                o["version"] = identity?.version ?? NSNull()
                o["signature"] = identity?.signature ?? NSNull()
                Console.out(try JSONOutput.line(o) + "\n")
            case .table:
                table.add([banner, identity?.deviceClass.rawValue ?? "unknown", identity?.vendor ?? "", identity?.product ?? "",
                           identity?.version ?? "", identity?.signature ?? ""])
            }
        }
        if inputs.isEmpty {
            while let line = readLine(strippingNewline: true) { try handle(line) }
        } else {
            for banner in inputs { try handle(banner) }
        }
        if format == .table { Console.out(table.render()) }
    }
}
