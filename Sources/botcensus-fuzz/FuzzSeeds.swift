import Foundation
import Ingest

/// A format's first corpus: the test fixtures that are of that format, found the way `import` finds a
/// format (by sniffing), so a new format's fixture seeds its fuzzing with nothing to list.
enum FuzzSeeds {
    /// Seeds larger than this only slow libFuzzer down (it cuts inputs to -max_len anyway).
    static let maxSeedBytes = 64 << 10

    /// (name, bytes) of every seed for `format` under `root`. A Maildir's seeds are its messages (the fuzzer
    /// hands a Maildir one message); the signature parser's are the `raw_sig=` values of the p0f fixtures.
    static func seeds(for format: String, under root: String) -> [(name: String, bytes: [UInt8])] {
        var out: [(String, [UInt8])] = []
        for path in files(under: root) + folders(under: root) {
            guard let detected = try? EvidenceFormats.detect(LineReader.head(path))?.name else { continue }
            let name = String(path.dropFirst(root.count)).split(separator: "/").joined(separator: "_")
            if format == FuzzTarget.tcpSignature, detected == "p0f", let text = try? String(contentsOfFile: path, encoding: .utf8) {
                for (i, sig) in rawSignatures(text).enumerated() { out.append(("\(name)-sig\(i)", Array(sig.utf8))) }
            } else if detected == format, format == "maildir" {
                for message in ["cur", "new"].flatMap({ files(under: "\(path)/\($0)") }) {
                    if let bytes = read(message) { out.append((String(message.dropFirst(root.count)).split(separator: "/").joined(separator: "_"), bytes)) }
                }
            } else if detected == format, let bytes = read(path) {
                out.append((name, bytes))
            }
        }
        return out
    }

    private static func rawSignatures(_ text: String) -> [String] {
        text.split(separator: "\n").compactMap { line in
            guard let r = line.range(of: "raw_sig=") else { return nil }
            return String(line[r.upperBound...].prefix { $0 != "|" })
        }
    }

    private static func read(_ path: String) -> [UInt8]? {
        guard let data = FileManager.default.contents(atPath: path), data.count <= maxSeedBytes else { return nil }
        return [UInt8](data)
    }

    /// Regular files below `root`, in name order.
    private static func files(under root: String) -> [String] {
        walk(root).filter { !isDirectory($0) }
    }

    /// Folders below `root` (a Maildir is one).
    private static func folders(under root: String) -> [String] {
        walk(root).filter { isDirectory($0) }
    }

    private static func walk(_ root: String) -> [String] {
        let names = FileManager.default.enumerator(atPath: root)?.compactMap { $0 as? String } ?? []
        return names.sorted().map { "\(root)/\($0)" }
    }

    private static func isDirectory(_ path: String) -> Bool {
        var flag: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &flag) && flag.boolValue
    }
}
