/// The STIX 2.1 objects a botcensus bundle holds, as their JSON shapes (property names are the camel-case
/// of the spec's: the encoder writes snake case). Only what botcensus fills is here; every required
/// property of each type is.
enum StixObject: Encodable {
    case identity(Identity)
    case address(Address)
    case observedData(ObservedData)
    case indicator(Indicator)
    case sighting(Sighting)
    case note(Note)

    func encode(to encoder: Encoder) throws {
        switch self {
        case .identity(let o): try o.encode(to: encoder)
        case .address(let o): try o.encode(to: encoder)
        case .observedData(let o): try o.encode(to: encoder)
        case .indicator(let o): try o.encode(to: encoder)
        case .sighting(let o): try o.encode(to: encoder)
        case .note(let o): try o.encode(to: encoder)
        }
    }

    /// The producer: botcensus itself, which every other object names as its creator.
    struct Identity: Encodable {
        let type = "identity", specVersion = "2.1"
        var id: String
        var created: String
        var modified: String
        var name: String
        var description: String
        var identityClass = "system"
    }

    /// `ipv4-addr` or `ipv6-addr`: the sending address (a cyber-observable, so no created or modified).
    struct Address: Encodable {
        var type: String
        let specVersion = "2.1"
        var id: String
        var value: String
    }

    /// The address seen sending: when, how often; the sighting points here for what was observed.
    struct ObservedData: Encodable {
        let type = "observed-data", specVersion = "2.1"
        var id: String
        var createdByRef: String
        var created: String
        var modified: String
        var firstObserved: String
        var lastObserved: String
        var numberObserved: Int
        var objectRefs: [String]
    }

    struct Indicator: Encodable {
        let type = "indicator", specVersion = "2.1"
        var id: String
        var createdByRef: String
        var created: String
        var modified: String
        var name: String
        var description: String
        var indicatorTypes: [String]
        var pattern: String
        let patternType = "stix", patternVersion = "2.1"
        var validFrom: String
        var confidence: Int
    }

    /// The indicator seen in botcensus' evidence (`where_sighted_refs`: botcensus' identity).
    struct Sighting: Encodable {
        let type = "sighting", specVersion = "2.1"
        var id: String
        var createdByRef: String
        var created: String
        var modified: String
        var sightingOfRef: String
        var firstSeen: String
        var lastSeen: String
        var count: Int
        var observedDataRefs: [String]
        var whereSightedRefs: [String]
    }

    /// The verdict in words: what sent, how sure, the strongest evidence.
    struct Note: Encodable {
        let type = "note", specVersion = "2.1"
        var id: String
        var createdByRef: String
        var created: String
        var modified: String
        var abstract: String
        var content: String
        var authors: [String]
        var objectRefs: [String]
    }
}
