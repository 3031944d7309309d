/// Classic pcap framing for the generated captures: little-endian, microseconds, Ethernet.
extension ByteWriter {
    /// Global header: magic a1b2c3d4 (µs), version 2.4, zone 0, sigfigs 0, snap length, Ethernet.
    func pcapHeader() {
        le32(0xA1B2_C3D4); le16(2); le16(4); le32(0); le32(0); le32(65535); le32(1)
    }

    /// One packet record at `time` (microseconds since the epoch).
    func pcapRecord(time: UInt64, frame: [UInt8]) {
        le32(UInt32(time / 1_000_000)); le32(UInt32(time % 1_000_000))
        le32(UInt32(frame.count)); le32(UInt32(frame.count))
        bytes(frame)
    }
}
