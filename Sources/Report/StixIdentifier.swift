import Crypto

/// STIX identifiers (`type--UUID`) that are the same in every export of the same case: name-based UUIDs
/// (RFC 9562 version 5, SHA-1), so a consumer that imports two exports sees one indicator per address, not two.
enum StixIdentifier {
    /// botcensus' own namespace for the objects it makes (identity, indicators, sightings, notes, …). Fixed
    /// for good: changing it changes every id botcensus has ever exported.
    static let botcensusNamespace: [UInt8] = uuidBytes("7598f7d7-0fb5-4939-87be-32fb787a184c")

    /// STIX 2.1's namespace for cyber-observable ids (section 2.9): any producer that sees the same
    /// address makes the same `ipv4-addr--…` id.
    static let observableNamespace: [UInt8] = uuidBytes("00abedb4-aa42-466c-9c01-fed23315a9b7")

    /// The id of a botcensus object: `type--uuid5(botcensus, "type|name")`.
    static func object(_ type: String, name: String) -> String {
        "\(type)--\(uuid5(namespace: botcensusNamespace, name: "\(type)|\(name)"))"
    }

    /// The id of an address object, from its one id-contributing property `value` as canonical JSON
    /// (RFC 8785: an address needs no escaping), as the spec and other producers compute it.
    static func address(_ type: String, value: String) -> String {
        "\(type)--\(uuid5(namespace: observableNamespace, name: "{\"value\":\"\(value)\"}"))"
    }

    static func uuid5(namespace: [UInt8], name: String) -> String {
        var bytes = Array(Insecure.SHA1.hash(data: namespace + Array(name.utf8)).prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x50   // version 5
        bytes[8] = (bytes[8] & 0x3F) | 0x80   // the RFC variant
        let hex = bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
        var text = ""
        for (i, c) in hex.enumerated() {
            if [8, 12, 16, 20].contains(i) { text.append("-") }
            text.append(c)
        }
        return text
    }

    static func uuidBytes(_ text: String) -> [UInt8] {
        let hex = Array(text.filter { $0 != "-" })
        return stride(from: 0, to: hex.count, by: 2).map { UInt8(String(hex[$0...($0 + 1)]), radix: 16)! }
    }
}
