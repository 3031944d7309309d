/// A SYN's stack and hop distance: two SYNs of one host share it, so every clock comparison stays within one
/// key (two stacks, or one stack at two distances, are two hosts already).
public struct HostKey: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The p0f signature without its hop distance (`TCPSignature.stackKey`), or any name of a stack.
    public let stack: String
    public let distance: Int?
    /// `stack|distance` (`?` when unknown). Built once: attribution clusters by it for every SYN, and
    /// reports name random-clocked groups by it.
    public let description: String
    /// The stack's hash, made once: census and attribution put 800,000 SYNs' keys in dictionaries, and hashing
    /// the signature's text each time was a tenth of a census.
    private let stackHash: Int

    public init(stack: String, distance: Int?) {
        self.stack = stack
        self.distance = distance
        description = "\(stack)|\(distance.map(String.init) ?? "?")"
        stackHash = stack.hashValue
    }

    public static func == (a: HostKey, b: HostKey) -> Bool { a.stackHash == b.stackHash && a.distance == b.distance && a.stack == b.stack }
    public func hash(into hasher: inout Hasher) { hasher.combine(stackHash); hasher.combine(distance) }
    /// By their text, as the string keys sorted before: the order of groups fixes the order of linked lines,
    /// and so which line each bootstrap draw picks.
    public static func < (a: HostKey, b: HostKey) -> Bool { a.description < b.description }
}
