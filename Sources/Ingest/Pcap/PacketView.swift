/// One packet record lent in place from the reader's buffer: valid only until the reader's next call.
/// The import path looks at every packet through this and copies only the few it keeps (SYNs), which is
/// what makes reading a capture cost no allocation per packet.
struct PacketView {
    var number: Int
    var time: PacketTime
    var linkType: LinkType
    var interface: Int
    var originalLength: Int
    var bytes: UnsafeRawBufferPointer

    /// A copy that outlives the view.
    var packet: CapturedPacket {
        CapturedPacket(number: number, time: time, linkType: linkType, interface: interface,
                       originalLength: originalLength, bytes: Array(bytes))
    }
}

/// A packet source that lends its packets in place (both capture readers are).
protocol PacketViewSource: PacketSource {
    /// The next packet record as a view, or nil after the last.
    func nextView() throws -> PacketView?
    /// SHA-256 of the whole file (empty when the source was opened without hashing).
    func contentHash() throws -> String
}
