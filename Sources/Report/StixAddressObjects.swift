import BotCensusCore

/// One sending address's STIX objects, from its verdict: the address (SCO), what was observed of it, an
/// indicator, the sighting of that indicator, and a note with the verdict. Ids name the address and the
/// object type only, so the same address keeps its ids from export to export.
struct StixAddressObjects {
    let verdict: Verdict
    let producer: String
    /// `modified` of every object: the latest evidence time in the case (see `StixBundle`).
    let modified: String

    /// At most this many evidence entries go into the note, strongest (largest |weight|) first.
    static let noteEvidence = 3

    func objects() throws -> [StixObject] {
        let ip = verdict.ip.description
        guard let first = StixTime.parse(verdict.firstSeen), let last = StixTime.parse(verdict.lastSeen) else {
            throw StixExportError(description: "verdict of \(ip): first_seen '\(verdict.firstSeen)' or last_seen '\(verdict.lastSeen)' is not RFC 3339 UTC")
        }
        let firstSeen = StixTime.format(first), lastSeen = StixTime.format(last)
        let scoType = verdict.ip.isV6 ? "ipv6-addr" : "ipv4-addr"
        let address = StixIdentifier.address(scoType, value: ip)
        let observed = StixIdentifier.object("observed-data", name: ip)
        let indicator = StixIdentifier.object("indicator", name: ip)
        // Times seen sending: its messages or its connections, whichever are more (a message arrives inside a
        // connection, so their sum would count it twice; a connection refused before DATA is still a sighting).
        let events = min(max(verdict.messages, verdict.connections), 999_999_999)
        return [
            .address(.init(type: scoType, id: address, value: ip)),
            .observedData(.init(id: observed, createdByRef: producer, created: firstSeen, modified: modified,
                                firstObserved: firstSeen, lastObserved: lastSeen, numberObserved: max(1, events),
                                objectRefs: [address])),
            .indicator(.init(id: indicator, createdByRef: producer, created: firstSeen, modified: modified,
                             name: "spam sender \(ip)", description: description(), indicatorTypes: ["malicious-activity", "compromised"],
                             pattern: "[\(scoType):value = '\(ip)']", validFrom: firstSeen,
                             confidence: StixAddressObjects.confidence(verdict.confidence))),
            .sighting(.init(id: StixIdentifier.object("sighting", name: ip), createdByRef: producer, created: firstSeen,
                            modified: modified, sightingOfRef: indicator, firstSeen: firstSeen, lastSeen: lastSeen, count: events,
                            observedDataRefs: [observed], whereSightedRefs: [producer])),
            .note(.init(id: StixIdentifier.object("note", name: ip), createdByRef: producer, created: firstSeen, modified: modified,
                        abstract: "\(verdict.verdict.rawValue); sender class \(verdict.senderClass.rawValue)",
                        content: noteContent(), authors: ["botcensus"], objectRefs: [indicator])),
        ]
    }

    /// STIX confidence (0–100, section 3.5 of the spec, the plain 0–100 scale) from the verdict's
    /// confidence, the probability of its most probable sender class: rounded percent.
    static func confidence(_ probability: Double) -> Int {
        guard probability.isFinite else { return 0 }
        return min(100, max(0, Int((probability * 100).rounded())))
    }

    private func description() -> String {
        "Sent spam: \(verdict.messages) message(s) over \(verdict.connections) connection(s), \(verdict.firstSeen) to \(verdict.lastSeen). "
            + "botcensus verdict \(verdict.verdict.rawValue); sender class \(verdict.senderClass.rawValue) "
            + "(confidence \(verdict.confidence)); what answered the scan: \(verdict.naiveClass.rawValue)."
    }

    private func noteContent() -> String {
        let strongest = verdict.evidence.enumerated()
            .sorted { abs($0.element.weight) != abs($1.element.weight) ? abs($0.element.weight) > abs($1.element.weight) : $0.offset < $1.offset }
            .prefix(StixAddressObjects.noteEvidence).map(\.element)
        var lines = [
            "botcensus verdict for \(verdict.ip): \(verdict.verdict.rawValue)",
            "sender class: \(verdict.senderClass.rawValue) (confidence \(verdict.confidence))",
            "naive class (what answered the scan): \(verdict.naiveClass.rawValue)",
        ]
        if let os = verdict.senderOS { lines.append("sender OS: \(os.family.rawValue) (\(os.quality))") }
        lines.append(strongest.isEmpty ? "evidence: none" : "strongest evidence:")
        lines += strongest.map { "- \($0.kind) (\($0.weight >= 0 ? "+" : "")\($0.weight)): \($0.detail)" }
        return lines.joined(separator: "\n")
    }
}

/// A verdict the STIX export cannot turn into objects.
public struct StixExportError: Error, CustomStringConvertible {
    public var description: String
}
