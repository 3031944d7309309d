import ArgumentParser
import BotCensusCore
import Fingerprint
import Foundation
import Report

struct IdentifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "identify",
        abstract: "Fingerprint banners directly: from arguments, or stdin one per line.",
        discussion: "Fields: \(BannerField.allCases.map(\.rawValue).joined(separator: ", ")). Also `identify syn RAW_SIG` for a p0f signature's OS family."
    )

    @Option(help: "Banner field of every input.")
    var field: String = BannerField.httpServer.rawValue

    @Option(help: "table or jsonl.")
    var format: TableOrJSONL = .table

    @Argument(help: "Banners (or `syn` followed by p0f raw signatures). Without any, stdin is read.")
    var inputs: [String] = []

    func validate() throws {
        guard BannerField(rawValue: field) != nil else {
            throw ValidationError("unknown field '\(field)'; one of: \(BannerField.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() throws {
        if inputs.first == "syn" { return try identifySyns(Array(inputs.dropFirst())) }
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

    func identifySyns(_ signatures: [String]) throws {
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
