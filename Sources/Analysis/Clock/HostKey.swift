/// A SYN's stack and hop distance: two SYNs of one host share it, so every clock comparison stays within one
/// key (two stacks, or one stack at two distances, are two hosts already).
///
/// One reference to its parts, made once per key: every SYN of a case holds its key twice (as attribution's
/// and as the census's sample), 800,000 SYNs on ThingBot, where the parts inline were a sixth of a census's
/// memory and two references to retain per copy.
public struct HostKey: Hashable, Comparable, Sendable, CustomStringConvertible {
    private final class Parts: Sendable {
        let stack: String
        let distance: Int?
        let description: String
        let stackHash: Int
        init(stack: String, distance: Int?) {
            self.stack = stack
            self.distance = distance
            description = "\(stack)|\(distance.map(String.init) ?? "?")"
            stackHash = stack.hashValue
        }
    }
    private let parts: Parts

    /// The p0f signature without its hop distance (`TCPSignature.stackKey`), or any name of a stack.
    public var stack: String { parts.stack }
    public var distance: Int? { parts.distance }
    /// `stack|distance` (`?` when unknown). Built once: attribution clusters by it for every SYN, and
    /// reports name random-clocked groups by it.
    public var description: String { parts.description }

    public init(stack: String, distance: Int?) {
        parts = Parts(stack: stack, distance: distance)
    }

    /// Keys made apart are equal when their parts are; the stack's hash, made once, is compared first (hashing
    /// and comparing the signature's text each time was a tenth of a census).
    public static func == (a: HostKey, b: HostKey) -> Bool {
        a.parts === b.parts || (a.parts.stackHash == b.parts.stackHash && a.parts.distance == b.parts.distance && a.parts.stack == b.parts.stack)
    }
    public func hash(into hasher: inout Hasher) { hasher.combine(parts.stackHash); hasher.combine(parts.distance) }
    /// By their text, as the string keys sorted before: the order of groups fixes the order of linked lines,
    /// and so which line each bootstrap draw picks.
    public static func < (a: HostKey, b: HostKey) -> Bool { a.parts.description < b.parts.description }
}
