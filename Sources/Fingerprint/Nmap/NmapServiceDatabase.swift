import BotCensusCore

/// nmap-service-probes as a `BannerMatcher` (`name` = `nmap`).
///
/// A banner field is turned into the response nmap would have seen (`NmapBannerResponse`) and tried against
/// the matches of that response's probe and its fallbacks, in file order — nmap's order:
/// - the first hard `match` wins;
/// - a `softmatch` names the service without a version. nmap records it and goes on probing only for that
///   service, so here it is recorded and the search goes on for a hard match of the same service; other
///   services' matches are skipped, and later softmatches ignored (nmap warns and keeps the first). If no
///   such hard match follows, the softmatch is the answer.
///
/// The ordered match lists are built once; a lookup builds the response bytes once and runs the compiled
/// patterns over them with one reusable match block, so only a successful match allocates (its groups and
/// filled templates). nmap's patterns have at most 9 groups, well within the block's 64.
public struct NmapServiceDatabase: BannerMatcher {
    public let name = "nmap"
    public let probes: NmapServiceProbes

    /// One candidate: a match and the probe it belongs to (reported in params).
    struct Candidate: Sendable {
        var match: NmapMatch
        var probe: String
    }

    let nullCandidates: [Candidate]
    let getRequestCandidates: [Candidate]
    /// Literal prefilters over the two candidate lists: only matches whose required text occurs run.
    let nullPrefilter: PrefilteredPatterns
    let getRequestPrefilter: PrefilteredPatterns

    public init(probes: NmapServiceProbes) {
        self.probes = probes
        func candidates(_ probe: NmapProbe?) -> [Candidate] {
            guard let probe else { return [] }
            return probes.fallbackChain(for: probe).flatMap { p in p.matches.map { Candidate(match: $0, probe: p.name) } }
        }
        nullCandidates = candidates(probes.nullProbe)
        getRequestCandidates = candidates(probes.probe(named: "GetRequest", transport: .tcp))
        nullPrefilter = PrefilteredPatterns(patterns: nullCandidates.map(\.match.pattern.pattern))
        getRequestPrefilter = PrefilteredPatterns(patterns: getRequestCandidates.map(\.match.pattern.pattern))
    }

    /// Reads and compiles `path` (Debian's location by default).
    public static func load(path: String = NmapServiceProbes.debianPath) throws -> NmapServiceDatabase {
        NmapServiceDatabase(probes: try NmapServiceProbes.load(path: path))
    }

    public func covers(_ field: BannerField) -> Bool {
        guard let probe = NmapBannerResponse.probe(for: field) else { return false }
        return !candidates(for: probe).isEmpty
    }

    public func match(_ banner: String, field: BannerField) -> BannerMatch? {
        firstMatch(banner, field: field, prefiltered: true)
    }

    /// The same answer by trying every match line in order: the baseline the prefilter is measured against.
    public func matchWithoutPrefilter(_ banner: String, field: BannerField) -> BannerMatch? {
        firstMatch(banner, field: field, prefiltered: false)
    }

    func firstMatch(_ banner: String, field: BannerField, prefiltered: Bool) -> BannerMatch? {
        guard let probe = NmapBannerResponse.probe(for: field) else { return nil }
        let response = NmapBannerResponse.response(banner, field: field)
        let scratch = PCRE2Pattern.Scratch()
        let list = candidates(for: probe)
        let prefilter = probe == .null ? nullPrefilter : getRequestPrefilter
        return response.withUnsafeBytes { subject in
            var soft: BannerMatch?
            var softService: String?
            let indices = prefiltered ? prefilter.candidates(subject) : Array(0..<Int32(list.count))
            for index in indices {
                let candidate = list[Int(index)]
                if let softService, candidate.match.isSoft || candidate.match.service != softService { continue }
                guard candidate.match.pattern.matches(subject, scratch: scratch) else { continue }
                let groups = candidate.match.pattern.groups(scratch)
                let found = NmapIdentity.bannerMatch(candidate.match.result(subject: subject, groups: groups),
                                                     line: candidate.match.line, probe: candidate.probe, field: field)
                guard candidate.match.isSoft else { return found }
                soft = found
                softService = candidate.match.service
            }
            return soft
        }
    }

    /// Every match (hard and soft, any service) in nmap's order, for `--explain`.
    public func allMatches(_ banner: String, field: BannerField) -> [BannerMatch] {
        guard let probe = NmapBannerResponse.probe(for: field) else { return [] }
        let response = NmapBannerResponse.response(banner, field: field)
        let scratch = PCRE2Pattern.Scratch()
        return response.withUnsafeBytes { subject in
            candidates(for: probe).compactMap { candidate in
                guard let groups = candidate.match.pattern.match(subject, scratch: scratch) else { return nil }
                return NmapIdentity.bannerMatch(candidate.match.result(subject: subject, groups: groups),
                                                line: candidate.match.line, probe: candidate.probe, field: field)
            }
        }
    }

    private func candidates(for probe: NmapBannerResponse.Probe) -> [Candidate] {
        switch probe {
        case .null: return nullCandidates
        case .getRequest: return getRequestCandidates
        }
    }
}
