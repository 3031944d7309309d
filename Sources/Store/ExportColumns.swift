extension CaseStore.ExportTable {
    /// The keys every line of this table's export carries, in the order the line writes them (sorted): the
    /// CSV header. Named here once so an empty table still gets its header; the CSV writer checks each line
    /// against this list, so a key added to the JSON without it fails loudly instead of shifting columns.
    public var columns: [String] {
        switch self {
        case .events:
            return ["campaign", "date", "helo", "hostname", "ip", "kind", "message_id", "queue_id", "session", "source",
                    "subject", "syn_id", "time", "x_mailer"]
        case .observations:
            return ["fields", "identity", "ip", "port", "protocol", "source", "time"]
        case .syns:
            return ["dist", "dport", "dst", "id", "ipid", "ittl", "label", "mss", "options", "params", "quirks", "raw_sig",
                    "scale", "source", "sport", "src", "time", "ts_val", "ttl", "window"]
        case .identities:
            return ["class", "database", "field", "ip", "os", "port", "product", "protocol", "signature", "source", "time",
                    "vendor", "version"]
        case .clocks:
            return ["dport", "dst", "source", "sport", "src", "time", "ts_val"]
        case .verdicts:
            // The verdict contract's keys (docs/schema/verdict.schema.json), as `Verdict.writeJSON` orders them.
            return ["class_probabilities", "confidence", "connections", "evidence", "exposed_devices", "first_seen",
                    "hosts_behind_ip", "ip", "last_seen", "messages", "naive_class", "p_exposed_device_sent", "sender_class",
                    "sender_os", "senders_behind_ip", "verdict"]
        }
    }
}
