import Synchronization

/// Requests answered, for the line `serve` prints when it stops.
final class RequestCounter: Sendable {
    private let count = Atomic<Int>(0)
    func add() { count.add(1, ordering: .relaxed) }
    var value: Int { count.load(ordering: .relaxed) }
}
