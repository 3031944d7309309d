import BotCensusCore
import Fingerprint
import Foundation
import Ingest
import Report

/// Each banner's reading, printed as it comes (JSON Lines, `--explain`) or gathered into one table.
/// The common case — no `--explain` — reuses one matching scratch and writes each JSON line as bytes
/// into the buffered stdout: no dictionary, no `JSONSerialization`, no sorting of keys per line.
public struct BannerIdentification {
    let jsonl: Bool
    let explain: Bool
    let identifier: Identifier
    private let scratch = BannerScratch()
    /// Answers by banner: scans repeat banners (`nginx`, `Apache`) many times over, and an answer depends
    /// only on the banner and its field. Keyed on the line's bytes (stdin: before escapes are decoded, so a
    /// repeat needs no String) and holding the finished JSON line, so a repeat is one lookup and one copy.
    private var answers = BannerAnswerCache(limit: 1 << 16)
    /// Tables: each cached answer's row, by the cache's ordinal.
    private var rows: [[String]] = []
    private var line = JSONLine()
    private var table = ByteTable(headers: ["input", "field", "class", "vendor", "product", "version", "database", "signature"])

    let out: BufferedOutput

    public init(jsonl: Bool, explain: Bool, identifier: Identifier, out: BufferedOutput) {
        self.jsonl = jsonl; self.explain = explain; self.identifier = identifier; self.out = out
    }

    public mutating func add(_ banner: String, _ field: BannerField) throws {
        if explain { return try addExplained(banner, field) }
        // Decoded banners and raw stdin lines are different keys for the same bytes: tags keep them apart.
        let tag = 0x80 | Self.tag(field)
        var text = banner
        try text.withUTF8 { utf8 in
            let key = UnsafeRawBufferPointer(utf8)
            if let known = answers.find(key, tag: tag) { return emit(known) }
            try answer(key, tag: tag, banner, field)
        }
    }

    /// One raw stdin line (escapes not yet decoded); `field` nil: guessed from the banner.
    mutating func add(line raw: UnsafeRawBufferPointer, field: BannerField?) throws {
        if explain {
            let banner = BannerLines.banner(raw)
            return try addExplained(banner, field ?? BannerFieldGuess.guess(banner))
        }
        let tag = field.map(Self.tag) ?? 0x7F
        if let known = answers.find(raw, tag: tag) { return emit(known) }
        let banner = BannerLines.banner(raw)
        try answer(raw, tag: tag, banner, field ?? BannerFieldGuess.guess(banner))
    }

    private static func tag(_ field: BannerField) -> UInt8 { UInt8(BannerField.allCases.firstIndex(of: field)!) }

    /// A repeat: its stored line or row.
    private mutating func emit(_ entry: BannerAnswerCache.Entry) {
        if jsonl { answers.withValue(entry) { out.write($0) } } else { table.add(rows[answers.ordinal(entry)]) }
    }

    /// A banner not seen yet (or since the cache started over): identified, written and kept under `key`.
    private mutating func answer(_ key: UnsafeRawBufferPointer, tag: UInt8, _ banner: String, _ field: BannerField) throws {
        let w = identifier.winner(banner, field: field, scratch: scratch)
        if jsonl {
            // Keys in sorted order, as the sorted-keys encoder printed them; every key, null when unknown.
            line.begin()
            line.string("class", w?.identity.deviceClass.rawValue ?? "unknown")
            line.string("database", w?.database)
            line.string("field", field.rawValue)
            line.string("input", banner)
            line.string("os", w?.identity.os.rawValue)
            line.string("product", w?.identity.product)
            line.string("signature", w?.signature)
            line.string("vendor", w?.identity.vendor)
            line.string("version", w?.identity.version)
            line.end()
            line.withBytes { bytes in _ = answers.insert(key, tag: tag, value: bytes) }
            out.write(line)
        } else {
            let row = [banner, field.rawValue, w?.identity.deviceClass.rawValue ?? "unknown", w?.identity.vendor ?? "",
                       w?.identity.product ?? "", w?.identity.version ?? "", w?.database ?? "", w?.signature ?? ""]
            if answers.insert(key, tag: tag, value: UnsafeBufferPointer(start: nil, count: 0)) == 0 { rows.removeAll(keepingCapacity: true) }
            rows.append(row)
            table.add(row)
        }
    }

    /// `--explain`: every database's answer and every match, for a person reading a few banners.
    private func addExplained(_ banner: String, _ field: BannerField) throws {
        let reading = identifier.identify(banner, field: field)
        let all = identifier.explain(banner, field: field)
        let w = reading.winner
        if jsonl {
            var o: [String: Any] = ["input": banner, "field": field.rawValue, "class": w?.identity.deviceClass.rawValue ?? "unknown"]
            o["vendor"] = w?.identity.vendor ?? NSNull()
            o["product"] = w?.identity.product ?? NSNull()
            o["version"] = w?.identity.version ?? NSNull()
            o["os"] = w.map { $0.identity.os.rawValue } ?? NSNull()
            o["database"] = w?.database ?? NSNull()
            o["signature"] = w?.signature ?? NSNull()
            o["answers"] = reading.answers.map(Self.json)
            o["all_matches"] = all.map(Self.json)
            out.write(try JSONOutput.line(o) + "\n")
        } else {
            out.write(Self.explanation(banner, field, reading, all))
        }
    }

    func finish() {
        if !jsonl && !explain { table.write(to: out) }
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
        out += "  winner: \(winner.database) \(TerminalText.escape(winner.signature)) → \(BannerIdentification.describe(winner))\n"
        for answer in reading.answers where answer != winner {
            let why = answer.identity.deviceClass == .unknown || answer.identity.deviceClass == .iotOther
                ? "names no specific device class" : "its database comes later"
            out += "  lost:   \(answer.database) \(TerminalText.escape(answer.signature)) → \(BannerIdentification.describe(answer)) (\(why))\n"
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

    /// Where banners come from: arguments, stdin one per line (escapes decoded), or a zgrab2 file.
    public enum Source: Sendable {
        case arguments([String])
        case standardInput
        case zgrab2(String)
    }

    /// Reads every banner of `source`, identifies it (the given field, or the zgrab2 file's own, or guessed)
    /// and writes each answer; bad zgrab2 lines go to `warn`.
    public mutating func run(_ source: Source, field: BannerField?, warn: (String) -> Void) throws {
        // Databases read lazily read now what these banners need, so a broken file stops us before any output.
        switch (source, field) {
        case (_, let field?): try identifier.prepare(for: [field])
        case (.arguments(let banners), nil): try identifier.prepare(for: banners.map(BannerFieldGuess.guess))
        default: try identifier.prepare(for: BannerField.allCases)
        }
        switch source {
        case .zgrab2(let path):
            try ZgrabBanners.forEach(path: path, warn: warn) { banner, own in try add(banner, field ?? own) }
        case .standardInput:
            try BannerLines.forEachRaw { line in try add(line: line, field: field) }
        case .arguments(let banners):
            for banner in banners { try add(banner, field ?? BannerFieldGuess.guess(banner)) }
        }
        finish()
    }
}

/// Banner fields of a zgrab2 file, in file order (bad lines are reported and skipped).
enum ZgrabBanners {
    static func forEach(path: String, warn: (String) -> Void, _ body: (String, BannerField) throws -> Void) throws {
        let driver = try ImportDriver(path: path, formatName: Zgrab2Format.name, options: ImportOptions(), strict: false)
        _ = try driver.run(report: { warn($0.description) }) { evidence in
            guard case .observation(let o) = evidence else { return }
            for field in BannerField.allCases {
                if let banner = o.fields[field.rawValue] { try body(banner, field) }
            }
        }
    }
}
