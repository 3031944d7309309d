extension EvidenceFormats {
    /// Raw mail: eml, mbox, Maildir.
    static let mailFormats: [any EvidenceFormat.Type] = []
}
