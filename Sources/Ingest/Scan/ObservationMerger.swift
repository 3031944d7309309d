import BotCensusCore

/// Joins consecutive records of one service into one observation. masscan writes one record per banner
/// kind (an HTTP response becomes `http`, `http.server` and `title` records of the same second, one after
/// another); the case store keeps one observation per (ip, port, time, protocol), so unmerged records
/// would lose all but the first. Only the last record is held: memory stays bounded.
struct ObservationMerger {
    private var pending: ServiceObservation?
    /// Observations handed on so far.
    private(set) var emitted = 0

    /// Adds a record; a record of another service first flushes the held one.
    mutating func add(_ observation: ServiceObservation, emit: (Evidence) throws -> Void) throws {
        if var held = pending, held.ip == observation.ip, held.port == observation.port, held.time == observation.time,
           held.proto == observation.proto {
            // The first value of a field wins, as with repeated HTTP headers.
            held.fields.merge(observation.fields) { first, _ in first }
            pending = held
            return
        }
        try flush(emit: emit)
        pending = observation
    }

    mutating func flush(emit: (Evidence) throws -> Void) throws {
        guard let held = pending else { return }
        pending = nil
        emitted += 1
        try emit(.observation(held))
    }
}
