extension EvidenceFormats {
    /// Packet captures: pcap and pcapng.
    static let captureFormats: [any EvidenceFormat.Type] = [PcapCaptureFormat.self]
}
