import BotCensusCore
import Foundation
import GRDB

/// One campaign (spam events sharing a campaign key: the hash of a message's body template, from raw mail
/// and the trap): how many events and addresses, and when.
public struct CampaignSummary: Sendable {
    public var key: String
    public var events: Int
    public var addresses: Int
    public var firstSeen: Timestamp
    public var lastSeen: Timestamp
}

/// One address's part in a campaign.
public struct CampaignSender: Sendable {
    public var ip: IPAddress
    public var events: Int
    public var firstSeen: Timestamp
    public var lastSeen: Timestamp
}

/// A text the campaign's senders wrote (a subject, a HELO name: every byte, NUL included, read as a blob) and
/// how many events carry it.
public struct CampaignText: Sendable {
    public var text: String
    public var events: Int
}

extension CaseStore {
    /// Campaigns, most events first, `limit` from `offset`; and how many there are. Read through the partial
    /// index on `events.campaign` (events without a key are not in it).
    public func campaigns(limit: Int, offset: Int) throws -> (campaigns: [CampaignSummary], total: Int) {
        try read { q in
            let total = try q.one("SELECT count(DISTINCT campaign) AS n FROM events WHERE campaign IS NOT NULL")?.int("n") ?? 0
            var out: [CampaignSummary] = []
            try q.each("""
                SELECT \(Self.textColumn("campaign", q)), count(*) AS events, count(DISTINCT ip) AS addresses, min(time) AS first,
                       max(time) AS last
                FROM events WHERE campaign IS NOT NULL GROUP BY campaign ORDER BY count(*) DESC, campaign LIMIT ? OFFSET ?
                """, [.int(limit), .int(offset)]) { row in
                out.append(try Self.summary(row, key: row.fullText("campaign") ?? ""))
            }
            return (out, total)
        }
    }

    /// One campaign's summary; nil when no event carries `key`.
    public func campaign(_ key: String) throws -> CampaignSummary? {
        try read { q in
            guard let row = try q.one("""
                SELECT count(*) AS events, count(DISTINCT ip) AS addresses, min(time) AS first, max(time) AS last FROM events WHERE campaign = ?
                """, [.text(key)]), try row.int("events") ?? 0 > 0 else { return nil }
            return try Self.summary(row, key: key)
        }
    }

    private static func summary(_ row: any CaseRow, key: String) throws -> CampaignSummary {
        CampaignSummary(key: key, events: try row.int("events") ?? 0, addresses: try row.int("addresses") ?? 0,
                        firstSeen: try row.double("first") ?? 0, lastSeen: try row.double("last") ?? 0)
    }

    /// A sender-written text column as `fullText` reads it (a blob in SQLite), under its own name.
    static func textColumn(_ column: String, _ q: CaseQuery) -> String { q.isSQLite ? "CAST(\(column) AS BLOB) AS \(column)" : column }

    /// The addresses that sent a campaign, in address order, `limit` from `offset`.
    public func campaignSenders(_ key: String, limit: Int, offset: Int) throws -> [CampaignSender] {
        try read { q in
            var senders: [CampaignSender] = []
            try q.each("SELECT ip, count(*) AS events, min(time) AS first, max(time) AS last FROM events WHERE campaign = ? GROUP BY ip",
                       [.text(key)]) { row in
                senders.append(CampaignSender(ip: try CaseStore.ip(row.string("ip") ?? "", table: "events", id: 0), events: try row.int("events") ?? 0,
                                              firstSeen: try row.double("first") ?? 0, lastSeen: try row.double("last") ?? 0))
            }
            // Address order is numeric (10.0.0.9 before 10.0.0.10), which the databases' text order is not.
            senders.sort { $0.ip < $1.ip }
            return Array(senders.dropFirst(offset).prefix(limit))
        }
    }

    /// The commonest subjects and HELO names of a campaign's events (`limit` of each), most events first.
    public func campaignTexts(_ key: String, limit: Int) throws -> (subjects: [CampaignText], helos: [CampaignText]) {
        try read { q in
            func top(_ column: String) throws -> [CampaignText] {
                var out: [CampaignText] = []
                try q.each("""
                    SELECT \(Self.textColumn(column, q)), count(*) AS events FROM events WHERE campaign = ? AND \(column) IS NOT NULL
                    GROUP BY \(column) ORDER BY count(*) DESC, \(column) LIMIT ?
                    """, [.text(key), .int(limit)]) { row in
                    out.append(CampaignText(text: try row.fullText(column) ?? "", events: try row.int("events") ?? 0))
                }
                return out
            }
            return (try top("subject"), try top("helo"))
        }
    }
}
