import Dispatch

/// Lets go of a large value on a thread of its own. Freeing a case's analysis (a million SYNs, 100,000
/// attributions and verdicts, each with its texts) took a quarter of a second that the caller, about to
/// print and exit, need not wait for; a process that exits first leaves the memory to the system.
public func releaseInBackground<T: Sendable>(_ value: consuming T) {
    let held = Held(value)
    DispatchQueue.global(qos: .utility).async { held.value = nil }
}

/// The value's one reference, dropped by the background thread (only it touches `value` after `init`).
private final class Held<T>: @unchecked Sendable {
    var value: T?
    init(_ value: consuming T) { self.value = value }
}
