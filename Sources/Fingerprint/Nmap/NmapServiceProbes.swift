import Foundation

/// nmap-service-probes, read at run time. The file is nmap's (copyleft, Nmap Public Source License), so
/// botcensus never ships it: Debian's `nmap` package installs it at `debianPath`.
///
/// Parsing follows nmap's `parse_nmap_service_probe_file`: `#` comments and blank lines are skipped, an
/// optional `Exclude` comes before the first `Probe`, and each `Probe` is followed by its directives
/// (`ports`, `sslports`, `rarity`, `fallback`, `totalwaitms`, `tcpwrappedms`) and its `match`/`softmatch`
/// lines. Anything else is an error naming `file:line`, as nmap refuses such a file too. Two leniencies:
/// CRLF line ends and whitespace-only lines are accepted.
///
/// Patterns are compiled once, here, through `PCRE2Pattern` (8-bit, no UTF, like nmap). A pattern that PCRE2
/// rejects does not stop the load (a newer nmap file must not disable the whole database); it is counted in
/// `statistics.failed` with its `file:line`, and callers that need every pattern check that count.
public struct NmapServiceProbes: Sendable {
    public static let debianPath = "/usr/share/nmap/nmap-service-probes"

    public struct Statistics: Sendable, Equatable {
        public var matchLines = 0
        public var softmatchLines = 0
        /// Patterns that compiled (with or without a rewrite).
        public var compiled = 0
        /// Patterns that compiled only after a rewrite, and how many per rewrite.
        public var rewritten = 0
        public var rewrites: [String: Int] = [:]
        public var compileFailures: [NmapParseError] = []
        public var failed: Int { compileFailures.count }
        public var patterns: Int { matchLines + softmatchLines }
    }

    public var file: String
    /// The `Exclude` port specification, as written (nmap's `-p` syntax; botcensus sends no probes).
    public var exclude: String?
    public var probes: [NmapProbe]
    public var statistics: Statistics

    public static func load(path: String = debianPath) throws -> NmapServiceProbes {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw NmapParseError(file: path, line: 0, message: "cannot read nmap-service-probes: \(error.localizedDescription)")
        }
        return try parse([UInt8](data), file: path)
    }

    public static func parse(_ bytes: [UInt8], file: String) throws -> NmapServiceProbes {
        var probes: [NmapProbe] = []
        var current: NmapProbe?
        var exclude: String?
        var stats = Statistics()
        var fallbackLines: [Int: Int] = [:]   // probe index → line of its fallback directive
        var lineNumber = 0

        for raw in bytes.split(separator: 0x0A, omittingEmptySubsequences: false) {
            lineNumber += 1
            var line = raw
            if line.last == 0x0D { line = line.dropLast() }
            if line.first == 0x23 || line.allSatisfy(NmapBytes.isSpace) { continue }
            func fail(_ message: String) -> NmapParseError { NmapParseError(file: file, line: lineNumber, message: message) }
            func value(after directive: String) -> ArraySlice<UInt8> { line.dropFirst(directive.utf8.count) }
            func integer(after directive: String) -> Int? {
                Int(String(decoding: value(after: directive), as: UTF8.self).trimmingCharacters(in: .whitespaces))
            }

            if line.starts(with: Array("Exclude ".utf8)) {
                guard current == nil else { throw fail("the Exclude directive must precede all Probes") }
                guard exclude == nil else { throw fail("only one Exclude directive is allowed") }
                exclude = String(decoding: value(after: "Exclude "), as: UTF8.self).trimmingCharacters(in: .whitespaces)
                continue
            }
            if line.starts(with: Array("Probe ".utf8)) {
                if let finished = current { probes.append(finished) }
                current = try NmapProbe.parseHeader(value(after: "Probe "), file: file, line: lineNumber)
                continue
            }
            guard current != nil else { throw fail("expected a line beginning with \"Probe \" or \"Exclude \"") }

            if line.starts(with: Array("match ".utf8)) || line.starts(with: Array("softmatch ".utf8)) {
                let parsed = try NmapMatchLine.parse(Array(line), file: file, lineNumber: lineNumber)
                if parsed.isSoft { stats.softmatchLines += 1 } else { stats.matchLines += 1 }
                if let match = compile(parsed, line: lineNumber, file: file, stats: &stats) {
                    current!.matches.append(match)
                }
            } else if line.starts(with: Array("ports ".utf8)) {
                current!.ports = try NmapProbe.parsePorts(value(after: "ports "), file: file, line: lineNumber)
            } else if line.starts(with: Array("sslports ".utf8)) {
                current!.sslPorts = try NmapProbe.parsePorts(value(after: "sslports "), file: file, line: lineNumber)
            } else if line.starts(with: Array("rarity ".utf8)) {
                guard let rarity = integer(after: "rarity "), (1...9).contains(rarity) else {
                    throw fail("rarity must be between 1 and 9")
                }
                current!.rarity = rarity
            } else if line.starts(with: Array("fallback ".utf8)) {
                current!.fallback = String(decoding: value(after: "fallback "), as: UTF8.self)
                    .split(whereSeparator: { ",\t ".contains($0) }).map(String.init)
                fallbackLines[probes.count] = lineNumber
            } else if line.starts(with: Array("totalwaitms ".utf8)) {
                guard let ms = integer(after: "totalwaitms "), (100...300_000).contains(ms) else {
                    throw fail("bad totalwaitms value: must be between 100 and 300000 milliseconds")
                }
                current!.totalWaitMS = ms
            } else if line.starts(with: Array("tcpwrappedms ".utf8)) {
                guard let ms = integer(after: "tcpwrappedms "), (100...300_000).contains(ms) else {
                    throw fail("bad tcpwrappedms value: must be between 100 and 300000 milliseconds")
                }
                current!.tcpWrappedMS = ms
            } else {
                let word = String(decoding: line.drop(while: NmapBytes.isSpace).prefix(while: { !NmapBytes.isSpace($0) }).prefix(40),
                                  as: UTF8.self)
                throw fail("unknown directive '\(word)'")
            }
        }
        if let finished = current { probes.append(finished) }

        let result = NmapServiceProbes(file: file, exclude: exclude, probes: probes, statistics: stats)
        try result.validate(fallbackLines: fallbackLines)
        return result
    }

    private static func compile(_ parsed: NmapMatchLine, line: Int, file: String, stats: inout Statistics) -> NmapMatch? {
        let (text, rewrite) = NmapPatternSource.text(for: parsed.regex)
        var options: PCRE2Pattern.Options = []
        if parsed.caseless { options.insert(.caseless) }
        if parsed.dotAll { options.insert(.dotAll) }
        do {
            let pattern = try PCRE2Pattern(text, options: options)
            stats.compiled += 1
            if let rewrite { stats.rewritten += 1; stats.rewrites[rewrite, default: 0] += 1 }
            return NmapMatch(line: line, isSoft: parsed.isSoft, service: parsed.service, pattern: pattern,
                             caseless: parsed.caseless, dotAll: parsed.dotAll, templates: parsed.templates, rewrite: rewrite)
        } catch {
            stats.compileFailures.append(NmapParseError(file: file, line: line, message: "\(error)"))
            return nil
        }
    }

    /// What nmap checks once the whole file is read: one NULL probe at most, and fallbacks that exist.
    private func validate(fallbackLines: [Int: Int]) throws {
        let nulls = probes.filter(\.isNull)
        if nulls.count > 1 {
            throw NmapParseError(file: file, line: nulls[1].line, message: "a second NULL probe (empty probe string)")
        }
        for (index, probe) in probes.enumerated() {
            for name in probe.fallback where self.probe(named: name, transport: probe.transport) == nil {
                throw NmapParseError(file: file, line: fallbackLines[index] ?? probe.line,
                                     message: "unknown fallback probe '\(name)' in probe \(probe.name)")
            }
        }
    }

    public var nullProbe: NmapProbe? { probes.first(where: \.isNull) }

    /// nmap's `getProbeByName`: the probe of that name and transport, else of that name on any transport.
    public func probe(named name: String, transport: NmapProbe.Transport) -> NmapProbe? {
        probes.first { $0.name == name && $0.transport == transport } ?? probes.first { $0.name == name }
    }

    /// The probes whose matches nmap tries, in order, against a response to `probe` (nmap's
    /// `compileFallbacks`): the probe itself, its `fallback` probes, then the NULL probe for TCP probes —
    /// because a banner the service volunteered may sit in front of the reply to any probe.
    public func fallbackChain(for probe: NmapProbe) -> [NmapProbe] {
        if probe.isNull { return [probe] }
        var chain = [probe]
        chain += probe.fallback.prefix(18).compactMap { self.probe(named: $0, transport: probe.transport) }
        if probe.transport == .tcp, let null = nullProbe { chain.append(null) }
        return chain
    }
}
