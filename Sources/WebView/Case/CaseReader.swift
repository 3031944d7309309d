import BotCensusCore
import Store

/// The I/O side of every page and API answer: reads the case (opened read-only) as it is at the request,
/// takes the analysis snapshot of its current state, and hands plain values to the pure renderers.
/// Blocking (SQLite); the routes call it on the thread pool.
final class CaseReader: Sendable {
    let store: CaseStore
    private let cache = AnalysisCache()

    static let listPageSize = 100
    static let timelinePageSize = 200

    init(store: CaseStore) { self.store = store }

    func snapshot() throws -> CaseSnapshot { try cache.snapshot(of: store) }

    private func footer(_ s: CaseSnapshot) -> CaseFooter {
        CaseFooter(casePath: store.path, storedAnalysis: s.stored, analysisMilliseconds: s.milliseconds)
    }

    func overview() throws -> String {
        let s = try snapshot()
        let campaigns = try store.campaigns(limit: 0, offset: 0).total
        return OverviewPage(census: s.census, totals: try store.totals(), latest: try store.latestEvents(limit: 10),
                            campaigns: campaigns, footer: footer(s)).render()
    }

    /// The search page, or the address to go to when the query names one.
    enum SearchAnswer { case page(String), address(IPAddress) }

    func search(_ query: SearchQuery) throws -> SearchAnswer {
        if case .address(let ip) = query.target, query.verdict == nil { return .address(ip) }
        let s = try snapshot()
        let matching = s.verdicts.filter(query.matches)
        let page = Array(matching.dropFirst(query.offset).prefix(SearchQuery.pageSize))
        return .page(SearchPage(query: query.text, verdictFilter: query.verdict, matches: page,
                                slice: PageSlice(offset: query.offset, limit: SearchQuery.pageSize, total: matching.count),
                                footer: footer(s)).render())
    }

    /// Nil when the case holds nothing about the address.
    func addressPage(_ ip: IPAddress, offset: Int) throws -> String? {
        let s = try snapshot()
        let timeline = try store.timeline(of: ip, limit: CaseReader.timelinePageSize, offset: offset)
        let verdict = s.byIP[ip]
        guard verdict != nil || timeline.total > 0 else { return nil }
        return AddressPage(ip: ip, verdict: verdict, timeline: timeline,
                           slice: PageSlice(offset: offset, limit: CaseReader.timelinePageSize, total: timeline.total),
                           footer: footer(s)).render()
    }

    func campaignList(offset: Int) throws -> String {
        let s = try snapshot()
        let (campaigns, total) = try store.campaigns(limit: CaseReader.listPageSize, offset: offset)
        return CampaignListPage(campaigns: campaigns, slice: PageSlice(offset: offset, limit: CaseReader.listPageSize, total: total),
                                footer: footer(s)).render()
    }

    /// Nil when no event carries the key.
    func campaignPage(_ key: String, offset: Int) throws -> String? {
        let s = try snapshot()
        guard let campaign = try store.campaign(key) else { return nil }
        let senders = try store.campaignSenders(key, limit: CaseReader.listPageSize, offset: offset)
        let texts = try store.campaignTexts(key, limit: 10)
        var verdicts: [IPAddress: Verdict] = [:]
        for sender in senders { verdicts[sender.ip] = s.byIP[sender.ip] }
        return CampaignPage(campaign: campaign, subjects: texts.subjects, helos: texts.helos, senders: senders, verdicts: verdicts,
                            slice: PageSlice(offset: offset, limit: CaseReader.listPageSize, total: campaign.addresses),
                            footer: footer(s)).render()
    }

    // MARK: JSON API

    func verdictsJSON(_ query: VerdictQuery) throws -> [UInt8] {
        VerdictPageJSON.render(try snapshot().verdicts.filter(query.matches), query: query)
    }

    func censusJSON() throws -> [UInt8] {
        try CensusJSON.render(try snapshot().census)
    }

    /// Nil when the case holds nothing about the address.
    func addressJSON(_ ip: IPAddress, limit: Int, offset: Int) throws -> [UInt8]? {
        let s = try snapshot()
        let timeline = try store.timeline(of: ip, limit: limit, offset: offset)
        let verdict = s.byIP[ip]
        guard verdict != nil || timeline.total > 0 else { return nil }
        return AddressJSON.render(ip: ip, verdict: verdict, timeline: timeline, limit: limit, offset: offset)
    }
}
