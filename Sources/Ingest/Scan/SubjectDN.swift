/// A certificate subject written as zgrab2 and Censys write `subject_dn`: `C=TW, L=Taipei, O=Synology Inc.,
/// CN=synology.com`. Sources that give the subject as an unordered map (Shodan) or as named parts (Nmap's
/// ssl-cert) are put in that conventional order, so one device gives one string whatever scanned it.
enum SubjectDN {
    /// Short names in the order they are written; other attributes follow in name order.
    static let order = ["C", "ST", "L", "street", "O", "OU", "CN"]

    /// Long attribute names (Nmap's ssl-cert, OpenSSL) to the short ones of the DN.
    static let shortNames = [
        "countryName": "C", "stateOrProvinceName": "ST", "localityName": "L", "streetAddress": "street",
        "organizationName": "O", "organizationalUnitName": "OU", "commonName": "CN", "emailAddress": "emailAddress",
    ]

    static func format(_ parts: [(key: String, value: String)]) -> String? {
        let named = parts.map { (key: shortNames[$0.key] ?? $0.key, value: $0.value) }.filter { !$0.value.isEmpty }
        guard !named.isEmpty else { return nil }
        let rank = { (key: String) -> Int in order.firstIndex(of: key) ?? order.count }
        let sorted = named.enumerated().sorted { a, b in
            let (ra, rb) = (rank(a.element.key), rank(b.element.key))
            if ra != rb { return ra < rb }
            if ra == order.count && a.element.key != b.element.key { return a.element.key < b.element.key }
            return a.offset < b.offset
        }
        return sorted.map { "\($0.element.key)=\($0.element.value)" }.joined(separator: ", ")
    }
}
