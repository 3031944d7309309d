import Foundation

/// One `Probe` section of nmap-service-probes: what nmap sends, the directives that tune it, and the
/// compiled matches tried against the response, in file order (nmap's order of precedence).
public struct NmapProbe: Sendable {
    public enum Transport: String, Sendable { case tcp = "TCP", udp = "UDP" }

    public var transport: Transport
    public var name: String
    /// The probe string after nmap's C-style unescaping; empty for the NULL probe (nmap only listens).
    public var payload: [UInt8]
    public var line: Int
    public var ports: [ClosedRange<Int>] = []
    public var sslPorts: [ClosedRange<Int>] = []
    /// 1–9; nmap's default when the directive is missing is 5.
    public var rarity: Int = 5
    public var totalWaitMS: Int = 5000
    public var tcpWrappedMS: Int = 2000
    /// Probe names from the `fallback` directive, in order.
    public var fallback: [String] = []
    /// The `no-payload` flag after the probe string.
    public var noPayload = false
    public var matches: [NmapMatch] = []

    /// nmap treats the probe with an empty string as the NULL probe: connect and wait for a banner.
    public var isNull: Bool { payload.isEmpty }

    /// Parses what follows `Probe ` (nmap's `setProbeDetails`): `TCP|UDP <name> q<D>string<D> [no-payload]`.
    static func parseHeader(_ text: ArraySlice<UInt8>, file: String, line: Int) throws -> NmapProbe {
        func fail(_ message: String) -> NmapParseError { NmapParseError(file: file, line: line, message: message) }
        let transport: Transport
        if text.starts(with: Array("TCP ".utf8)) { transport = .tcp }
        else if text.starts(with: Array("UDP ".utf8)) { transport = .udp }
        else { throw fail("probe protocol must be TCP or UDP") }
        var i = text.startIndex + 4
        guard i < text.endIndex, NmapBytes.isAlnum(text[i]) else { throw fail("bad probe name") }
        guard let space = text[i...].firstIndex(of: 0x20) else { throw fail("nothing after the probe name") }
        let name = String(decoding: text[i..<space], as: UTF8.self)
        i = space + 1
        guard i < text.endIndex, text[i] == 0x71 else { throw fail("probe string must begin with 'q'") }
        i += 1
        guard i < text.endIndex else { throw fail("no delimiter after 'q'") }
        let delimiter = text[i]
        guard let close = text[(i + 1)...].firstIndex(of: delimiter) else {
            throw fail("no ending delimiter for the probe string")
        }
        guard let payload = NmapBytes.unescapeCString(text[(i + 1)..<close]) else { throw fail("bad probe string escaping") }
        var probe = NmapProbe(transport: transport, name: name, payload: payload, line: line)
        // nmap scans the words after the string for the one flag it knows and ignores the rest.
        let rest = String(decoding: text[(close + 1)...], as: UTF8.self)
        probe.noPayload = rest.split(whereSeparator: { $0 == " " || $0 == "\t" }).contains { $0.hasPrefix("no-payload") }
        return probe
    }

    /// A `ports`/`sslports` list such as `21-25,53,80` (nmap's `setPortVector`).
    static func parsePorts(_ text: ArraySlice<UInt8>, file: String, line: Int) throws -> [ClosedRange<Int>] {
        let bad = NmapParseError(file: file, line: line, message: "bad port list (expected a form like \"21-25,53,80\")")
        var ranges: [ClosedRange<Int>] = []
        for part in text.split(separator: 0x2C, omittingEmptySubsequences: false) {
            let bounds = part.split(separator: 0x2D, omittingEmptySubsequences: false).map {
                String(decoding: $0, as: UTF8.self).trimmingCharacters(in: .whitespaces)
            }
            guard (1...2).contains(bounds.count), let low = Int(bounds[0]), let high = Int(bounds.last!),
                  bounds.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) }),
                  (0...65535).contains(low), (0...65535).contains(high), low <= high else { throw bad }
            ranges.append(low...high)
        }
        return ranges
    }
}

/// One compiled `match`/`softmatch` line.
public struct NmapMatch: Sendable {
    public var line: Int
    public var isSoft: Bool
    public var service: String
    public var pattern: PCRE2Pattern
    public var caseless: Bool
    public var dotAll: Bool
    public var templates: NmapTemplates
    /// Name of the rewrite applied to the pattern before compiling it, if one was needed.
    public var rewrite: String?

    /// Fills the templates from a successful match of `pattern` against `subject`.
    public func result(subject: UnsafeRawBufferPointer, groups: [Range<Int>?]) -> NmapMatchResult {
        NmapTemplateExpander.result(of: self, subject: subject, groups: groups)
    }
}
