import BotCensusCore
import Ingest
import NIOCore
#if canImport(Glibc)
import Glibc
#endif

/// The SYN that opened a connection, as the kernel saved it: Linux keeps it when the listening socket has
/// `TCP_SAVE_SYN`, and hands the IP and TCP headers out once through `TCP_SAVED_SYN` on the accepted socket.
/// Read at accept, it is the sender's own TCP stack (TTL, window, options, IP ID, TSval) — what a p0f log
/// of the same traffic would hold — without a capture beside the trap.
enum SavedSYN {
    #if os(Linux)
    static let saveOption = NIOBSDSocket.Option(rawValue: 27)     // TCP_SAVE_SYN
    static let savedOption = NIOBSDSocket.Option(rawValue: 28)    // TCP_SAVED_SYN
    static let supported = true
    #else
    static let saveOption = NIOBSDSocket.Option(rawValue: 0)
    static let savedOption = NIOBSDSocket.Option(rawValue: 0)
    static let supported = false
    #endif

    /// getsockopt's buffer: an IPv4 or IPv6 header with options and a TCP header with 40 octets of options fit
    /// in 256. The option's returned length is not passed back through NIO, so the IP header's own length
    /// fields say how much is the packet.
    struct Bytes: @unchecked Sendable {
        var storage: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
                      UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
                      UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
                      UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)
        var array: [UInt8] { withUnsafeBytes(of: storage) { Array($0) } }
    }

    enum Outcome: Sendable {
        case syn(SynRecord)
        /// Why there is none: `unsupported platform`, `not saved`, `undecodable: …`.
        case none(String)
    }

    /// Reads the saved SYN of `channel` (once: the kernel frees it) as a SYN record of `trap`, labelled like
    /// a p0f log line when a labeller is given. `time`: when the connection was accepted.
    static func read(_ channel: Channel, time: Timestamp, trap: String, labeler: SynLabeler?) -> EventLoopFuture<Outcome> {
        guard supported, let provider = channel as? SocketOptionProvider else {
            return channel.eventLoop.makeSucceededFuture(.none("unsupported platform"))
        }
        let read: EventLoopFuture<Bytes> = provider.unsafeGetSocketOption(level: .tcp, name: savedOption)
        return read.map { bytes in decode(bytes.array, time: time, trap: trap, labeler: labeler) }
            .recover { error in .none("not saved (\(error))") }
    }

    static func decode(_ raw: [UInt8], time: Timestamp, trap: String, labeler: SynLabeler?) -> Outcome {
        guard let first = raw.first, first != 0 else { return .none("not saved") }
        let length: Int
        switch first >> 4 {
        case 4: length = Int(raw[2]) << 8 | Int(raw[3])
        case 6: length = 40 + (Int(raw[4]) << 8 | Int(raw[5]))
        default: return .none("undecodable: IP version \(first >> 4)")
        }
        guard length > 0, length <= raw.count else { return .none("undecodable: length \(length)") }
        let segment: TCPSegment
        do { segment = try TCPSegment.decode(Array(raw[..<length])) } catch {
            return .none("undecodable: \(error)")
        }
        let observed = P0fObservedSyn(segment)
        let signature: TCPSignature
        do { signature = try TCPSignature(parsing: observed.rawSignature) } catch {
            return .none("undecodable: signature \(observed.rawSignature): \(error)")
        }
        var record = SynRecord(src: segment.ip.source, sport: segment.tcp.sourcePort, dst: segment.ip.destination,
                               dport: segment.tcp.destinationPort, time: time, osLabel: nil, distance: observed.guessedDistance,
                               params: nil, signature: signature,
                               ipID: segment.ip.version == 4 ? Int(segment.ip.identification) : nil,
                               tsVal: segment.tcp.timestamp?.value, source: SourceRef(file: "trap:\(trap)", line: 0))
        if let labeler {
            let label = labeler.label(segment)
            record.osLabel = label.osLabel
            record.distance = label.distance
            record.params = label.params
        }
        return .syn(record)
    }
}
