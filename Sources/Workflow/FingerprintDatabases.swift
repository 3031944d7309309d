import Fingerprint
import Foundation

/// `--db own,recog:DIR,nmap[:FILE]`: which fingerprint databases to consult, in order of precedence.
public enum FingerprintDatabases {
    public struct SpecError: Error, CustomStringConvertible {
        public var part: String
        public var description: String { "unknown database '\(part)'; use own, recog:DIR or nmap[:FILE]" }
    }

    /// The default: our own, then Nmap's probes when installed, then Recog when `BOTCENSUS_RECOG` names
    /// its xml folder.
    public static var defaultSpec: String {
        var parts = ["own"]
        if FileManager.default.fileExists(atPath: NmapServiceProbes.debianPath) { parts.append("nmap") }
        if let recog = ProcessInfo.processInfo.environment["BOTCENSUS_RECOG"], !recog.isEmpty { parts.append("recog:" + recog) }
        return parts.joined(separator: ",")
    }

    public struct MissingPath: Error, CustomStringConvertible {
        public var part: String
        public var path: String
        public var description: String { "--db \(part): '\(path)' does not exist" }
    }

    /// Checks the spec's words and that the paths it names exist, without loading anything (for usage
    /// errors before work starts).
    public static func check(_ spec: String) throws {
        for part in spec.split(separator: ",").map({ String($0).trimmingCharacters(in: .whitespaces) }) {
            guard part == "own" || part == "nmap" || part.hasPrefix("nmap:") || part.hasPrefix("recog:") else { throw SpecError(part: part) }
            let path = part.hasPrefix("recog:") ? String(part.dropFirst(6))
                : part.hasPrefix("nmap:") ? String(part.dropFirst(5)) : part == "nmap" ? NmapServiceProbes.debianPath : nil
            if let path, !FileManager.default.fileExists(atPath: path) { throw MissingPath(part: part, path: path) }
        }
    }

    public static func identifier(_ spec: String?) throws -> Identifier {
        let parts = (spec ?? defaultSpec).split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
        return Identifier(databases: try parts.map { part -> any BannerMatcher in
            if part == "own" { return try SignatureDatabase.builtIn() }
            if part == "nmap" { return try NmapServiceDatabase.load() }
            if part.hasPrefix("nmap:") { return try NmapServiceDatabase.load(path: String(part.dropFirst(5))) }
            if part.hasPrefix("recog:") { return try RecogDatabase.load(path: String(part.dropFirst(6))) }
            throw SpecError(part: part)
        })
    }
}
