extension EvidenceFormats {
    /// Raw mail: Maildir (a folder with cur/ and new/), mbox (headers after a `From ` line: before eml),
    /// eml. Computed rather than stored: a stored global of metatypes is not concurrency-safe in Swift 6.
    static var mailFormats: [any EvidenceFormat.Type] {
        [MaildirFormat.self, MboxFormat.self, EmlFormat.self]
    }
}
