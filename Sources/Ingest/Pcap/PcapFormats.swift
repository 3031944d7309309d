extension EvidenceFormats {
    /// Packet captures: pcap and pcapng. Computed: a stored global of metatypes is not concurrency-safe.
    static var captureFormats: [any EvidenceFormat.Type] { [PcapCaptureFormat.self] }
}
