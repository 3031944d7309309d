import BotCensusCore
import Fingerprint
import Foundation
import Ingest
import Report

/// `identify syn`: p0f raw signatures read into OS families, or every SYN of a capture matched as p0f v3
/// matches it, written as a table or JSON Lines to `out`.
public struct SynIdentification {
    let jsonl: Bool
    let out: BufferedOutput

    public init(jsonl: Bool, out: BufferedOutput) { self.jsonl = jsonl; self.out = out }

    /// A signature (or p0f.fp path) that cannot be used: `what: reason`.
    public struct BadSignature: Error, CustomStringConvertible {
        public var raw: String
        public var reason: String
        public var description: String { "\(raw): \(reason)" }
    }

    /// OS family of each p0f raw signature; a signature that does not parse is an error naming it.
    public func signatures(_ signatures: [String]) throws {
        var table = ByteTable(headers: ["raw_sig", "family", "reason"])
        for raw in signatures {
            let sig: TCPSignature
            do { sig = try TCPSignature(parsing: raw) } catch { throw BadSignature(raw: raw, reason: "\(error)") }
            let reading = SynOSClassifier.classify(sig)
            if jsonl {
                var line = JSONLine()
                line.begin()
                line.string("family", reading.family.rawValue)
                line.string("raw_sig", raw)
                line.string("reason", reading.reason)
                line.end()
                out.write(line)
            } else {
                table.add([raw, reading.family.rawValue, reading.reason])
            }
        }
        if !jsonl { table.write(to: out) }
    }

    /// Every SYN of a capture, matched as p0f v3 matches it; the capture's summary goes to `note`. A capture
    /// whose framing breaks throws `CaptureIssue` after printing what came before.
    public func capture(_ path: String, database: P0fDatabase, note: @escaping (String) -> Void) throws {
        // One reading per distinct signature (P0fSynReader) and one JSON line built as bytes per SYN:
        // the per-SYN cost is reading the packet, a hash lookup and the line.
        let reader = P0fSynReader(matcher: P0fSynMatcher(database: database))
        var table = ByteTable(headers: ["packet", "time", "client", "server", "label", "quality", "dist", "family", "raw_sig"])
        var tracker = P0fFlowTracker()
        var line = JSONLine()
        var repeats = 0
        let extractor: SynExtractor
        do {
            extractor = try SynExtractor(path: path) { note("\($0)") }
            while let syn = try extractor.next() {
                let s = syn.segment
                let m = reader.read(s)
                let retransmission = !tracker.isNewConnection(s, at: syn.time.timestamp, keepsFlow: !m.labelIsTool)
                if retransmission { repeats += 1 }
                if jsonl {
                    // Keys in sorted order (as the sorted-keys encoder printed them); null when unknown.
                    line.begin()
                    line.int("dist", m.distance)
                    line.int("dport", s.tcp.destinationPort)
                    line.string("dst", addressText(s.ip.destination))
                    line.string("family", m.family.rawValue)
                    line.string("label", m.label)
                    line.string("label_kind", m.label == nil ? nil : (m.labelIsApplication ? "app" : "os"))
                    line.int("packet", syn.packet)
                    line.string("params", m.params)
                    line.string("quality", m.quality.rawValue)
                    line.string("raw_sig", m.rawSignature)
                    line.bool("retransmission", retransmission)
                    line.int("sport", s.tcp.sourcePort)
                    line.string("src", addressText(s.ip.source))
                    line.time("time", syn.time.timestamp)
                    line.end()
                    out.write(line)
                } else {
                    table.add(["\(syn.packet)", TimeFormat.rfc3339(syn.time.timestamp), endpoint(s.ip.source, s.tcp.sourcePort),
                               endpoint(s.ip.destination, s.tcp.destinationPort), (m.label ?? "???") + (retransmission ? " (again)" : ""),
                               m.quality.rawValue, m.distanceText, m.family.rawValue, m.rawSignature])
                }
            }
        } catch let issue as CaptureIssue {
            if !jsonl && !table.isEmpty { table.write(to: out) }
            throw issue
        }
        if !jsonl { table.write(to: out) }
        let c = extractor.counts
        note("\(path): \(c.packets) packets, \(c.syns) SYNs (\(repeats) retransmitted), \(c.skipped) without TCP, \(c.malformed) malformed")
    }

    /// p0f.fp at `path` (default: Debian's); a missing or bad file is one line naming it.
    public static func loadDatabase(_ path: String?) throws -> P0fDatabase {
        let file = path ?? P0fDatabase.defaultPath
        guard FileManager.default.fileExists(atPath: file) else {
            throw BadSignature(raw: file, reason: path == nil
                ? "not found; p0f.fp comes with Debian's p0f package (apt-get install p0f), or name one with --p0f-db PATH"
                : "not found")
        }
        return try P0fDatabase(contentsOf: file)
    }

    private func endpoint(_ ip: IPAddress, _ port: Int) -> String {
        ip.isV6 ? "[\(ip)]:\(port)" : "\(addressText(ip)):\(port)"
    }

    /// `ip.description`, with IPv4 (nearly every sender) written digit by digit: string interpolation per
    /// octet cost more than the whole p0f match once readings are cached.
    private func addressText(_ ip: IPAddress) -> String {
        guard !ip.isV6 else { return ip.description }
        let v = UInt32(truncatingIfNeeded: ip.low)
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 16) { out in
            var n = 0
            for shift in [24, 16, 8, 0] as [UInt32] {
                let octet = Int(v >> shift & 0xFF)
                if octet >= 100 { out[n] = UInt8(48 + octet / 100); n += 1 }
                if octet >= 10 { out[n] = UInt8(48 + octet / 10 % 10); n += 1 }
                out[n] = UInt8(48 + octet % 10); n += 1
                if shift != 0 { out[n] = UInt8(ascii: "."); n += 1 }
            }
            return String(decoding: UnsafeBufferPointer(rebasing: out[..<n]), as: UTF8.self)
        }
    }
}
