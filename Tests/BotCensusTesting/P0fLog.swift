import Foundation

/// One `mod=syn` line of a p0f 3.09b log (`p0f -o`), the fields the parity tests compare.
public struct P0fLogSyn: Equatable, CustomStringConvertible, Sendable {
    public var time: String          // as printed: `2026/01/06 03:04:05`, in the zone p0f ran in
    public var client: String        // `ip/port`, IPv6 uncompressed without leading zeros
    public var label: String?        // os= or app=; nil for ???
    /// The label came as `app=` (a userland tool), not `os=`.
    public var labelIsApplication: Bool
    public var dist: String
    public var params: String
    public var rawSig: String

    public init(time: String, client: String, label: String?, labelIsApplication: Bool = false, dist: String, params: String, rawSig: String) {
        self.time = time; self.client = client; self.label = label; self.labelIsApplication = labelIsApplication
        self.dist = dist; self.params = params; self.rawSig = rawSig
    }

    /// The `os=` label only (nil for ??? and for `app=` tools): what a SYN record's OS label holds.
    public var osLabel: String? { labelIsApplication ? nil : label }

    public var description: String { "[\(time)] \(client) \(label ?? "???") dist=\(dist) params=\(params) raw_sig=\(rawSig)" }

    /// Parses the lines p0f writes for SYNs (`mod=syn`, and `mod=sendsyn probe` for its own probe tool).
    public static func parseLog(_ path: String) throws -> [P0fLogSyn] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return text.split(separator: "\n").compactMap { line in
            guard line.hasPrefix("["), let close = line.firstIndex(of: "]") else { return nil }
            let time = String(line[line.index(after: line.startIndex)..<close])
            var fields: [String: String] = [:]
            for part in line[line.index(close, offsetBy: 2)...].split(separator: "|") {
                guard let eq = part.firstIndex(of: "=") else { continue }
                fields[String(part[..<eq])] = String(part[part.index(after: eq)...])
            }
            guard ["syn", "sendsyn probe"].contains(fields["mod"] ?? ""), fields["subj"] == "cli",
                  let client = fields["cli"], let raw = fields["raw_sig"] else { return nil }
            let label = fields["os"] ?? fields["app"]
            return P0fLogSyn(time: time, client: client, label: label == "???" ? nil : label,
                             labelIsApplication: fields["os"] == nil && fields["app"] != nil, dist: fields["dist"] ?? "",
                             params: fields["params"] ?? "", rawSig: raw)
        }
    }
}
