import Fingerprint
import Foundation
import Ingest
import NIOCore

/// banner: a generic grab driven by nmap-service-probes, as `nmap -sV` does it: connect and wait for what the
/// service says unprompted (the NULL probe); if nothing identifies it, send each probe whose `ports` name
/// this port (rarity ≤ 7), each on a fresh connection, and match the answer against that probe's matches
/// and fallbacks. The result names the probe, the raw answer and nmap's service, product and version.
public struct BannerModule: ProbeModule {
    public let name = "banner"
    public let defaultPorts: [Int] = []
    /// How long the NULL probe waits for an unprompted banner (nmap waits up to 6 s; devices speak at once).
    static let nullWait: TimeAmount = .milliseconds(1500)
    static let maxProbes = 6

    public init() {}

    public func probe(_ context: ProbeContext) async throws -> ModuleResult {
        guard let nmap = context.nmap else { throw ProbeError(.applicationError, "nmap-service-probes is not loaded") }
        var lastAnswer: (probe: String, bytes: [UInt8])?
        var lastError: ProbeError?
        for probe in nmap.tcpProbes(for: context.port).prefix(Self.maxProbes) {
            let connection: ProbeConnection
            do { connection = try await context.connect() } catch let error as ProbeError {
                // Refused or unreachable: no other probe will do better.
                if lastAnswer == nil { throw error }
                break
            }
            defer { Task { await connection.close() } }
            if !probe.isNull { try? await connection.send(probe.payload) }
            let wait: TimeAmount = probe.isNull ? Self.nullWait : .milliseconds(Int64(min(probe.totalWaitMS, 3000)))
            do {
                // The first bytes within the wait, then whatever follows them closely.
                _ = try await connection.read(timeout: wait)
                let bytes = try await connection.read(timeout: .milliseconds(200)) { _ in false }
                lastAnswer = (probe.name, bytes)
                if let match = nmap.match(bytes, probe: probe), !match.isSoft || probe.isNull {
                    return ModuleResult(result: Self.json(probe: probe.name, bytes: bytes, match: match))
                }
            } catch let error as ProbeError {
                lastError = error
            }
        }
        guard let answer = lastAnswer else { throw lastError ?? ProbeError(.ioTimeout, "no answer to any probe") }
        return ModuleResult(result: Self.json(probe: answer.probe, bytes: answer.bytes, match: nil))
    }

    static func json(probe: String, bytes: [UInt8], match: NmapMatchResult?) -> ProbeJSON {
        var out: [(String, ProbeJSON)] = [("probe", .string(probe)), ("banner", .bytes(bytes)),
                                          ("banner_hex", .string(ContentDigest.hexString(bytes.prefix(512))))]
        if let match {
            out.append(("nmap", .object([("service", .string(match.service)), ("soft", .bool(match.isSoft)),
                                        ("product", match.product.map(ProbeJSON.string) ?? .null),
                                        ("version", match.version.map(ProbeJSON.string) ?? .null),
                                        ("info", match.info.map(ProbeJSON.string) ?? .null),
                                        ("device_type", match.deviceType.map(ProbeJSON.string) ?? .null),
                                        ("os", match.os.map(ProbeJSON.string) ?? .null),
                                        ("cpe", .array(match.cpe.map(ProbeJSON.string)))])))
        }
        return .object(out)
    }
}
