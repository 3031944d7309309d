/// The evidence entries of one attribution as it is worked out: kind, text and log-likelihood ratio (toward
/// the device, or toward the class). The text is made only when the caller wants it (`explain`): the prior fit
/// and the census's per-sender mix attribute every address again and read only the probabilities.
struct EvidenceEntries {
    typealias Entry = (kind: AttributionEvidence.Kind, detail: String, llrDevice: Double?, llrClass: Double?)
    let explain: Bool
    private(set) var items: [Entry] = []

    init(explain: Bool) { self.explain = explain }

    mutating func add(_ entry: @autoclosure () -> Entry) {
        if explain { items.append(entry()) }
    }
}
