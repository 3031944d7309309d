import BotCensusCore

/// One database's reading of one banner: which signature matched, the raw fields it gave (Recog params,
/// Nmap's p/ v/ i/ … fields, our own vendor/product/version), and the identity mapped to our classes.
public struct BannerMatch: Sendable, Equatable {
    /// `botcensus`, `recog`, `nmap`.
    public var database: String
    /// What matched, as a person would look it up: our signature id, a Recog description with its file,
    /// or `nmap-service-probes:LINE`.
    public var signature: String
    /// The database's own result fields, untranslated.
    public var params: [String: String]
    public var identity: DeviceIdentity

    public init(database: String, signature: String, params: [String: String], identity: DeviceIdentity) {
        self.database = database; self.signature = signature; self.params = params; self.identity = identity
    }
}

/// A source of banner fingerprints. Adding a database is adding a type that conforms.
public protocol BannerMatcher: Sendable {
    var name: String { get }
    /// Whether this database has anything for the field.
    func covers(_ field: BannerField) -> Bool
    /// The database's answer for `banner` (the field's raw value as zgrab2 records it), or nil.
    func match(_ banner: String, field: BannerField) -> BannerMatch?
    /// The same answer, reusing the caller's matching state (for streams of banners). Its `params` may be
    /// left empty: streams read the identity, and building the fields cost more than the match.
    func match(_ banner: String, field: BannerField, scratch: BannerScratch) -> BannerMatch?
    /// Every signature that matches, in the database's own order of precedence (for `--explain`).
    func allMatches(_ banner: String, field: BannerField) -> [BannerMatch]
    /// Reads now whatever the database reads lazily for these fields, so a broken file is an error before
    /// any banner rather than later.
    func prepare(for fields: [BannerField]) throws
}

extension BannerMatcher {
    public func prepare(for fields: [BannerField]) throws {}

    public func match(_ banner: String, field: BannerField, scratch: BannerScratch) -> BannerMatch? {
        match(banner, field: field)
    }
}
