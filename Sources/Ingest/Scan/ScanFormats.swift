extension EvidenceFormats {
    /// Scan results beside zgrab2: Nmap XML, Shodan, Censys, masscan. Each sniffer looks for its own key
    /// (`<nmaprun`, `"ip_str"`, `"services"`, `"ports"`) so none takes another's files or zgrab2's.
    /// Computed rather than stored: a stored global of metatypes is not concurrency-safe in Swift 6.
    static var scanFormats: [any EvidenceFormat.Type] {
        [NmapXMLFormat.self, ShodanFormat.self, CensysHostFormat.self, MasscanJSONFormat.self, MasscanListFormat.self]
    }
}
