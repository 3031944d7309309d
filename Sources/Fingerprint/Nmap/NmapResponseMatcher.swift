import BotCensusCore

/// nmap's service matching for a live response: the bytes a probe brought back, tried against that probe's
/// matches and its fallbacks in file order (first hard match wins; a softmatch holds until a hard match of
/// its service follows), as nmap -sV does. The prober's banner module uses it probe by probe.
public struct NmapResponseMatcher: Sendable {
    public let probes: NmapServiceProbes

    public init(probes: NmapServiceProbes) { self.probes = probes }

    /// The probes to try on a TCP port, nmap's way: the NULL probe first, then those whose `ports` (or
    /// `sslports`) name the port, then the others by rarity (commonest first), all up to `maxRarity` (nmap's
    /// default intensity is 7) — a web server on an odd port still gets `GetRequest` early.
    public func tcpProbes(for port: Int, maxRarity: Int = 7) -> [NmapProbe] {
        let tcp = probes.probes.filter { $0.transport == .tcp && ($0.isNull || $0.rarity <= maxRarity) }
        let names = { (p: NmapProbe) in (p.ports + p.sslPorts).contains { $0.contains(port) } }
        let null = tcp.filter(\.isNull)
        let named = tcp.filter { !$0.isNull && names($0) }
        let others = tcp.enumerated().filter { !$0.element.isNull && !names($0.element) }
            .sorted { ($0.element.rarity, $0.offset) < ($1.element.rarity, $1.offset) }.map(\.element)
        return null + named + others
    }

    public func match(_ response: [UInt8], probe: NmapProbe) -> NmapMatchResult? {
        let scratch = PCRE2Pattern.Scratch()
        return response.withUnsafeBytes { subject -> NmapMatchResult? in
            var soft: NmapMatchResult?
            for candidate in probes.fallbackChain(for: probe) {
                for match in candidate.matches {
                    if let soft, match.isSoft || match.service != soft.service { continue }
                    guard let groups = match.pattern.match(subject, scratch: scratch) else { continue }
                    let result = match.result(subject: subject, groups: groups)
                    guard match.isSoft else { return result }
                    soft = result
                }
            }
            return soft
        }
    }
}
