/// One TCP option as RFC 793/7323/2018 define it, in the order the sender wrote it.
public enum TCPOption: Sendable, Equatable {
    /// End of option list; `padding` bytes follow it inside the header, `paddingNonZero` when any is not 0.
    case endOfList(padding: Int, paddingNonZero: Bool)
    case noOperation
    case maximumSegmentSize(UInt16)
    case windowScale(UInt8)
    case sackPermitted
    case sack([SACKBlock])
    case timestamp(value: UInt32, echo: UInt32)
    /// Any other kind, or a known kind with a length the RFCs do not allow (kept with its data).
    case other(kind: UInt8, data: [UInt8])

    public struct SACKBlock: Sendable, Equatable {
        public var left: UInt32
        public var right: UInt32
        public init(left: UInt32, right: UInt32) { self.left = left; self.right = right }
    }

    public var kind: UInt8 {
        switch self {
        case .endOfList: return 0
        case .noOperation: return 1
        case .maximumSegmentSize: return 2
        case .windowScale: return 3
        case .sackPermitted: return 4
        case .sack: return 5
        case .timestamp: return 8
        case .other(let kind, _): return kind
        }
    }

    /// Parses an option area. Stops at the end-of-list option or at the first option whose length byte is
    /// missing or runs past the area; `problem` then says why (the options before it are kept). A known
    /// option with a wrong length is kept as `.other` and named in `problem`.
    public static func parse(_ bytes: [UInt8]) -> (options: [TCPOption], problem: String?) {
        var options: [TCPOption] = []
        var problem: String?
        var i = 0
        while i < bytes.count {
            let kind = bytes[i]
            if kind == 0 {
                let rest = bytes[(i + 1)...]
                options.append(.endOfList(padding: rest.count, paddingNonZero: rest.contains { $0 != 0 }))
                return (options, problem)
            }
            if kind == 1 {
                options.append(.noOperation)
                i += 1
                continue
            }
            guard i + 1 < bytes.count else { return (options, problem ?? "TCP option \(kind) has no length byte") }
            let length = Int(bytes[i + 1])
            guard length >= 2, i + length <= bytes.count else {
                return (options, problem ?? "TCP option \(kind) has length \(length), \(bytes.count - i) bytes left")
            }
            let data = Array(bytes[(i + 2)..<(i + length)])
            switch (kind, length) {
            case (2, 4): options.append(.maximumSegmentSize(data.be16(0)))
            case (3, 3): options.append(.windowScale(data[0]))
            case (4, 2): options.append(.sackPermitted)
            case (8, 10): options.append(.timestamp(value: data.be32(0), echo: data.be32(4)))
            case (5, _) where length > 2 && (length - 2) % 8 == 0:
                options.append(.sack(stride(from: 0, to: data.count, by: 8).map { SACKBlock(left: data.be32($0), right: data.be32($0 + 4)) }))
            case (2, _), (3, _), (4, _), (5, _), (8, _):
                problem = problem ?? "TCP option \(kind) has length \(length)"
                options.append(.other(kind: kind, data: data))
            default: options.append(.other(kind: kind, data: data))
            }
            i += length
        }
        return (options, problem)
    }
}
