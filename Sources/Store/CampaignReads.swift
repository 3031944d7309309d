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
        try pool.read { db in
            let total = try Int.fetchOne(db, sql: "SELECT count(DISTINCT campaign) FROM events WHERE campaign IS NOT NULL") ?? 0
            let rows = try Row.fetchAll(db, sql: """
                SELECT CAST(campaign AS BLOB), count(*), count(DISTINCT ip), min(time), max(time) FROM events WHERE campaign IS NOT NULL
                GROUP BY campaign ORDER BY count(*) DESC, campaign LIMIT ? OFFSET ?
                """, arguments: [limit, offset])
            return (rows.map {
                CampaignSummary(key: String(decoding: $0[0] as Data, as: UTF8.self), events: $0[1], addresses: $0[2], firstSeen: $0[3], lastSeen: $0[4])
            }, total)
        }
    }

    /// One campaign's summary; nil when no event carries `key`.
    public func campaign(_ key: String) throws -> CampaignSummary? {
        try pool.read { db in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT count(*), count(DISTINCT ip), min(time), max(time) FROM events WHERE campaign = ?
                """, arguments: [key]), (row[0] as Int) > 0 else { return nil }
            return CampaignSummary(key: key, events: row[0], addresses: row[1], firstSeen: row[2], lastSeen: row[3])
        }
    }

    /// The addresses that sent a campaign, in address order, `limit` from `offset`.
    public func campaignSenders(_ key: String, limit: Int, offset: Int) throws -> [CampaignSender] {
        try pool.read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT ip, count(*), min(time), max(time) FROM events WHERE campaign = ? GROUP BY ip
                """, arguments: [key])
            // Address order is numeric (10.0.0.9 before 10.0.0.10), which SQLite's text order is not.
            let senders = try rows.map { row -> CampaignSender in
                CampaignSender(ip: try CaseStore.ip(row[0], table: "events", id: 0), events: row[1], firstSeen: row[2], lastSeen: row[3])
            }.sorted { $0.ip < $1.ip }
            return Array(senders.dropFirst(offset).prefix(limit))
        }
    }

    /// The commonest subjects and HELO names of a campaign's events (`limit` of each), most events first.
    public func campaignTexts(_ key: String, limit: Int) throws -> (subjects: [CampaignText], helos: [CampaignText]) {
        try pool.read { db in
            func top(_ column: String) throws -> [CampaignText] {
                try Row.fetchAll(db, sql: """
                    SELECT CAST(\(column) AS BLOB), count(*) FROM events WHERE campaign = ? AND \(column) IS NOT NULL
                    GROUP BY \(column) ORDER BY count(*) DESC, \(column) LIMIT ?
                    """, arguments: [key, limit]).map { CampaignText(text: String(decoding: $0[0] as Data, as: UTF8.self), events: $0[1]) }
            }
            return (try top("subject"), try top("helo"))
        }
    }
}
