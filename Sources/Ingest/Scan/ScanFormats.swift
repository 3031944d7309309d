extension EvidenceFormats {
    /// Scan results beside zgrab2: masscan, Nmap XML, Shodan, Censys.
    static let scanFormats: [any EvidenceFormat.Type] = []
}
