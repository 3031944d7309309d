import BotCensusCore

/// `/search?q=&verdict=&offset=`: an address (its page), a CIDR network or nothing (every sending address),
/// optionally of one verdict kind.
struct SearchQuery: Sendable {
    enum Target: Sendable, Equatable { case all, address(IPAddress), network(IPNetwork) }

    static let parameters = ["q", "verdict", "offset"]
    static let pageSize = 100

    var text: String
    var target: Target
    var verdict: Verdict.Kind?
    var offset: Int

    init(_ pairs: [(String, String)]) throws(QueryError) {
        let q = try QueryParameters(pairs, allowed: SearchQuery.parameters)
        text = q.text("q") ?? ""
        verdict = try q.choice("verdict", Verdict.Kind.self)
        offset = try q.int("offset", default: 0, in: 0...Int.max)
        if text.isEmpty {
            target = .all
        } else if !text.contains("/"), let ip = IPAddress(text) {
            target = .address(ip)
        } else if text.contains("/"), let network = IPNetwork(text) {
            target = .network(network)
        } else {
            throw QueryError.bad("q", "'\(text)' is neither an IP address nor a CIDR network (203.0.113.7, 203.0.113.0/24, 2001:db8::/32)")
        }
    }

    func matches(_ v: Verdict) -> Bool {
        guard verdict == nil || v.verdict == verdict else { return false }
        switch target {
        case .all: return true
        case .address(let ip): return v.ip == ip
        case .network(let network): return network.contains(v.ip)
        }
    }
}
