extension EvidenceFormats {
    /// MTA logs beside Postfix: Exim, Sendmail.
    static let mtaFormats: [any EvidenceFormat.Type] = []
}
