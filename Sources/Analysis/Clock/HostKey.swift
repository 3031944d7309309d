/// A SYN's stack and hop distance: two SYNs of one host share it, so every clock comparison stays within one
/// key (two stacks, or one stack at two distances, are two hosts already).
public struct HostKey: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The p0f signature without its hop distance (`TCPSignature.stackKey`), or any name of a stack.
    public let stack: String
    public let distance: Int?
    /// `stack|distance` (`?` when unknown). Built once: attribution clusters by it for every SYN, and
    /// reports name random-clocked groups by it.
    public let description: String

    public init(stack: String, distance: Int?) {
        self.stack = stack
        self.distance = distance
        description = "\(stack)|\(distance.map(String.init) ?? "?")"
    }

    public static func == (a: HostKey, b: HostKey) -> Bool { a.stack == b.stack && a.distance == b.distance }
    public func hash(into hasher: inout Hasher) { hasher.combine(stack); hasher.combine(distance) }
    /// By their text, as the string keys sorted before: the order of groups fixes the order of linked lines,
    /// and so which line each bootstrap draw picks.
    public static func < (a: HostKey, b: HostKey) -> Bool { a.description < b.description }
}
