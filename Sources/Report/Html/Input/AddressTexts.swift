/// What one address's evidence says in the attacker's own words: the HELO and subject the sender used most
/// (with how many others it used) and the banners that answered the scan. All of it is hostile text.
public struct AddressTexts: Sendable, Equatable {
    public var helo: String?
    /// Distinct HELO names besides `helo`.
    public var otherHelos: Int
    /// The reverse-DNS name the MTA logged (its owner chose it).
    public var hostname: String?
    public var subject: String?
    public var otherSubjects: Int
    /// One line per answering service: `80/http http.title: …`.
    public var banners: [String]

    public init(helo: String? = nil, otherHelos: Int = 0, hostname: String? = nil, subject: String? = nil, otherSubjects: Int = 0,
                banners: [String] = []) {
        self.helo = helo; self.otherHelos = otherHelos; self.hostname = hostname; self.subject = subject
        self.otherSubjects = otherSubjects; self.banners = banners
    }
}
